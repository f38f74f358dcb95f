package io.headpatch.worker.io;

import io.headpatch.worker.plan.HeaderReader;
import org.junit.jupiter.api.Test;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IoErrorClassTest {

    @Test
    void theOsReasonOfAReadOnlyFilesystemIsSystemic() {
        // given: the reason as the JDK reports EROFS, behind the context a writer adds
        String reason = "fdatasync failed: " + HeaderReader.reason(
                new FileSystemException("/data/f", null, "Read-only file system"));

        // when
        IoErrorClass kind = IoErrorClass.of(reason);

        // then
        assertThat(kind).isEqualTo(IoErrorClass.READ_ONLY_FILESYSTEM);
        assertThat(kind.isSystemic()).isTrue();
    }

    @Test
    void aFileOfItsOwnIsNotSystemic() {
        // given: a real OS refusal of one file (opening a folder for writing)
        FileSystemException refused = catchThrowableOfType(FileSystemException.class,
                () -> Files.newByteChannel(Path.of(System.getProperty("java.io.tmpdir")), StandardOpenOption.WRITE));

        // when
        IoErrorClass kind = IoErrorClass.of(HeaderReader.reason(refused));

        // then
        assertThat(kind).isEqualTo(IoErrorClass.OTHER);
        assertThat(kind.isSystemic()).isFalse();
        assertThat(IoErrorClass.of(null)).isEqualTo(IoErrorClass.OTHER);
    }
}
