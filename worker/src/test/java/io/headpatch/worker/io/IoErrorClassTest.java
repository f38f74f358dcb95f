package io.headpatch.worker.io;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IoErrorClassTest {

    @Test
    void aReadOnlyFilesystemIsSystemicByItsErrno() {
        // when
        IoErrorClass kind = IoErrorClass.of(Posix.EROFS);

        // then
        assertThat(kind).isEqualTo(IoErrorClass.READ_ONLY_FILESYSTEM);
        assertThat(kind.isSystemic()).isTrue();
    }

    @Test
    void otherErrnosAndNoErrnoAreOneFilesProblem() {
        // then
        assertThat(IoErrorClass.of(Posix.ENOSPC)).isEqualTo(IoErrorClass.NO_SPACE);
        assertThat(IoErrorClass.of(Posix.ENOSPC).isSystemic()).isFalse();
        assertThat(IoErrorClass.of(Posix.EIO)).isEqualTo(IoErrorClass.OTHER);
        assertThat(IoErrorClass.of(0)).isEqualTo(IoErrorClass.OTHER);
    }
}
