package io.headpatch.job.scan;

import io.headpatch.worker.io.FileIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scan's walk meets what {@link Files#walkFileTree(Path, FileVisitor)} meets, in the same order, with one statx each. */
class FileTreeWalkTest {

    @Test
    void meetsWhatTheJdkWalkMeetsInTheSameOrder(@TempDir Path dir, @TempDir Path elsewhere) throws Exception {
        // given: nested folders, files, links to a folder and to a file, a FIFO, a name that is not valid UTF-8,
        // and a folder left out by its visitor
        Files.createDirectories(dir.resolve("a/b/c"));
        Files.createDirectories(dir.resolve("skipped/inner"));
        Files.writeString(dir.resolve("a/one"), "1");
        Files.writeString(dir.resolve("a/b/two"), "22");
        Files.writeString(dir.resolve("a/b/c/three"), "333");
        Files.writeString(dir.resolve("skipped/inner/four"), "4444");
        Files.writeString(elsewhere.resolve("secret"), "x");
        Files.createSymbolicLink(dir.resolve("a/to-folder"), elsewhere);
        Files.createSymbolicLink(dir.resolve("a/to-file"), dir.resolve("a/one"));
        run("mkfifo", dir.resolve("a/fifo").toString());
        run("sh", "-c", "printf 5 > \"$1\"/$(printf 'bad\\377name')", "sh", dir.resolve("a").toString());

        // when
        List<String> jdk = new ArrayList<>();
        Files.walkFileTree(dir, new Recorder(jdk));
        List<String> statx = new ArrayList<>();
        FileTreeWalk.walk(dir, new Recorder(statx));

        // then
        assertThat(statx).hasSize(16).isEqualTo(jdk);
    }

    @Test
    void aRegularFileComesWithTheIdentityOfOneStatx(@TempDir Path dir) throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("f"), "abc");
        List<BasicFileAttributes> seen = new ArrayList<>();

        // when
        FileTreeWalk.walk(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) {
                seen.add(attrs);
                return FileVisitResult.CONTINUE;
            }
        });

        // then
        FileIdentity identity = FileIdentity.of(file);
        assertThat(seen).singleElement().isInstanceOfSatisfying(FileTreeWalk.Statx.class,
                statx -> assertThat(statx.identity()).isEqualTo(identity));
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor()).as(String.join(" ", command)).isZero();
    }

    /** Each event with what the attributes say, except the folders' sizes and times (the walk itself may move them). */
    private record Recorder(List<String> events) implements FileVisitor<Path> {

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            events.add("pre " + dir + " " + type(attrs));
            return dir.getFileName().toString().equals("skipped") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            events.add("file " + file + " " + type(attrs) + " size=" + attrs.size() + " mtime=" + attrs.lastModifiedTime());
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            events.add("failed " + file + " " + e.getClass().getSimpleName());
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            events.add("post " + dir + " " + e);
            return FileVisitResult.CONTINUE;
        }

        private static String type(BasicFileAttributes attrs) {
            return attrs.isRegularFile() ? "regular" : attrs.isDirectory() ? "directory" : attrs.isSymbolicLink() ? "link"
                    : attrs.isOther() ? "other" : "?";
        }
    }
}
