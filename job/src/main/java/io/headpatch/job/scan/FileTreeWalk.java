package io.headpatch.job.scan;

import io.headpatch.worker.io.FileIdentity;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.FileVisitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * {@link Files#walkFileTree(Path, FileVisitor)} without following links, in the same order of events, but each entry
 * read with one {@code statx} that also gives the identity the scan records ({@link Statx}): the JDK's walk takes an
 * {@code lstat} of every entry, and the scan needed a {@code statx} of every regular file besides (measured: 35 % of
 * the scan's CPU, perf/README.md). statx is given the path's exact bytes, so this holds for any name.
 */
final class FileTreeWalk {

    private FileTreeWalk() {
    }

    static void walk(Path start, FileVisitor<Path> visitor) throws IOException {
        visit(start, visitor);
    }

    private static FileVisitResult visit(Path path, FileVisitor<Path> visitor) throws IOException {
        BasicFileAttributes attrs;
        DirectoryStream<Path> entries;
        try {
            attrs = new Statx(FileIdentity.of(path));
            if (!attrs.isDirectory()) {
                return visitor.visitFile(path, attrs);
            }
            entries = Files.newDirectoryStream(path);
        } catch (IOException e) {
            return visitor.visitFileFailed(path, e);
        }
        IOException failure = null;
        try (entries) {
            FileVisitResult result = visitor.preVisitDirectory(path, attrs);
            if (result != FileVisitResult.CONTINUE) {
                return result == FileVisitResult.SKIP_SUBTREE ? FileVisitResult.CONTINUE : result;
            }
            for (Path entry : entries) {
                result = visit(entry, visitor);
                if (result == FileVisitResult.TERMINATE) {
                    return result;
                }
                if (result == FileVisitResult.SKIP_SIBLINGS) {
                    break;
                }
            }
        } catch (DirectoryIteratorException e) {
            failure = e.getCause();
        }
        return visitor.postVisitDirectory(path, failure);
    }

    /** An entry's attributes as one {@code statx} read them, with its identity. Access and creation times are not read. */
    record Statx(FileIdentity identity) implements BasicFileAttributes {

        @Override
        public FileTime lastModifiedTime() {
            return FileTime.from(identity.mtimeSeconds() * 1_000_000_000L + identity.mtimeNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public FileTime lastAccessTime() {
            throw new UnsupportedOperationException("the scan's walk does not read access times");
        }

        @Override
        public FileTime creationTime() {
            throw new UnsupportedOperationException("the scan's walk does not read creation times");
        }

        @Override
        public boolean isRegularFile() {
            return identity.type() == FileIdentity.Type.REGULAR;
        }

        @Override
        public boolean isDirectory() {
            return identity.type() == FileIdentity.Type.DIRECTORY;
        }

        @Override
        public boolean isSymbolicLink() {
            return identity.type() == FileIdentity.Type.SYMLINK;
        }

        @Override
        public boolean isOther() {
            return identity.type() == FileIdentity.Type.OTHER;
        }

        @Override
        public long size() {
            return identity.size();
        }

        @Override
        public Object fileKey() {
            return null;
        }
    }
}
