package io.headpatch.worker;

import io.headpatch.worker.io.WriteOptions;
import io.headpatch.worker.plan.FilePlan;
import io.headpatch.worker.plan.Outcome;
import io.headpatch.worker.plan.PatchPlanner;
import io.headpatch.worker.plan.ScannedFacts;
import io.headpatch.worker.spec.HeaderSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.headpatch.worker.support.ProcessRunner.run;
import static org.assertj.core.api.Assertions.assertThat;

class HeaderPatcherTest {

    private static HeaderPatcher gzipPatcher() throws Exception {
        return new HeaderPatcher(new PatchPlanner(HeaderSpec.resolve("gzip-mtime", Map.of()), 0), WriteOptions.builder().build());
    }

    private static List<Path> gzipTree(Path dir, int count) throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[200 + random.nextInt(2_000)];
            random.nextBytes(data);
            Files.write(dir.resolve("f" + i), data);
        }
        run(dir, "sh", "-c", "gzip f*");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(dir.resolve("f" + i + ".gz"));
        }
        return files;
    }

    @Test
    void patchingATreeTwiceWritesNothingTheSecondTime(@TempDir Path dir) throws Exception {
        // given: a tree patched once, mtimes then set to a known old value
        List<Path> files = gzipTree(dir, 50);
        try (HeaderPatcher patcher = gzipPatcher()) {
            assertThat(patcher.patch(files)).extracting(FilePlan::outcome).containsOnly(Outcome.PATCHED);
        }
        Map<Path, byte[]> contents = new HashMap<>();
        for (Path f : files) {
            Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000L));
            contents.put(f, Files.readAllBytes(f));
        }

        // when
        List<FilePlan> second;
        try (HeaderPatcher patcher = gzipPatcher()) {
            second = patcher.patch(files);
        }

        // then
        assertThat(second).extracting(FilePlan::outcome).containsOnly(Outcome.ALREADY_DONE);
        for (Path f : files) {
            assertThat(Files.getLastModifiedTime(f).toMillis()).isEqualTo(1_000_000_000L);
            assertThat(Files.readAllBytes(f)).isEqualTo(contents.get(f));
        }
    }

    @Test
    void aFileDeletedBetweenPlanningAndWritingIsGoneAndTheOthersArePatched(@TempDir Path dir) throws Exception {
        // given
        List<Path> files = gzipTree(dir, 5);
        try (HeaderPatcher patcher = gzipPatcher()) {
            List<FilePlan> plans = files.stream().map(f -> patcher.planner().plan(f, ScannedFacts.NONE, null)).toList();
            Files.delete(files.get(2));

            // when
            List<FilePlan> decided = patcher.write(plans);

            // then
            assertThat(decided).extracting(FilePlan::outcome)
                    .containsExactly(Outcome.PATCHED, Outcome.PATCHED, Outcome.GONE, Outcome.PATCHED, Outcome.PATCHED);
            for (int i : new int[] {0, 1, 3, 4}) {
                run(dir, "gzip", "-t", files.get(i).toString());
            }
        }
    }
}
