package io.headpatch.job.scan;

import io.headpatch.job.ScanRequest;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Globs as users read them: relative to the root, and a leading or inner double-star folder matching zero folders too. */
class ScanFilterTest {

    private static ScanFilter filter(List<String> includes, List<String> excludes) {
        return new ScanFilter(new ScanRequest(List.of(), null, includes, excludes, null, null, false));
    }

    @Test
    void aLeadingDoubleStarAlsoMatchesFilesRightUnderTheRoot() {
        // given
        ScanFilter filter = filter(List.of("**/*.gz"), List.of());

        // then
        assertThat(filter.accepts(Path.of("a.gz"), 10L)).isTrue();
        assertThat(filter.accepts(Path.of("sub/b.gz"), 10L)).isTrue();
        assertThat(filter.accepts(Path.of("sub/deeper/c.gz"), 10L)).isTrue();
        assertThat(filter.accepts(Path.of("sub/c.txt"), 10L)).isFalse();
    }

    @Test
    void anInnerDoubleStarMatchesZeroOrMoreFolders() {
        // given
        ScanFilter filter = filter(List.of("logs/**/*.gz"), List.of());

        // then
        assertThat(filter.accepts(Path.of("logs/a.gz"), 10L)).isTrue();
        assertThat(filter.accepts(Path.of("logs/2026/11/a.gz"), 10L)).isTrue();
        assertThat(filter.accepts(Path.of("other/a.gz"), 10L)).isFalse();
        assertThat(filter.accepts(Path.of("a.gz"), 10L)).isFalse();
    }

    @Test
    void aGlobWithoutSlashMatchesTheNameAtAnyDepth() {
        // given
        ScanFilter filter = filter(List.of("*.gz"), List.of());

        // then
        assertThat(filter.accepts(Path.of("a.gz"), 10L)).isTrue();
        assertThat(filter.accepts(Path.of("x/y/a.gz"), 10L)).isTrue();
        assertThat(filter.accepts(Path.of("x/a.gzip"), 10L)).isFalse();
    }

    @Test
    void anExcludeOfEverythingBelowAFolderExcludesTheFolderAtTheRootAndDeeper() {
        // given
        ScanFilter filter = filter(List.of(), List.of("**/tmp/**"));

        // then
        assertThat(filter.excludesDirectory(Path.of("tmp"))).isTrue();
        assertThat(filter.excludesDirectory(Path.of("a/b/tmp"))).isTrue();
        assertThat(filter.excludesDirectory(Path.of("temp"))).isFalse();
        assertThat(filter.accepts(Path.of("tmp/x.gz"), 10L)).isFalse();
        assertThat(filter.accepts(Path.of("a/tmp/x.gz"), 10L)).isFalse();
        assertThat(filter.accepts(Path.of("a/tmpx/x.gz"), 10L)).isTrue();
    }

    @Test
    void aGlobWithASlashIsRelativeToTheRoot() {
        // given
        ScanFilter filter = filter(List.of("cache/*.gz"), List.of());

        // then
        assertThat(filter.accepts(Path.of("cache/a.gz"), 10L)).isTrue();
        assertThat(filter.accepts(Path.of("x/cache/a.gz"), 10L)).isFalse();
    }
}
