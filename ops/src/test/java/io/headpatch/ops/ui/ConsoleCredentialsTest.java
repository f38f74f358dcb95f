package io.headpatch.ops.ui;

import io.headpatch.ops.CliEnvironment;
import io.headpatch.ops.UserException;
import io.headpatch.ops.schedule.StopSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleCredentialsTest {

    @Test
    void aPasswordIsGeneratedOnceIntoAFileOnlyItsOwnerCanRead(@TempDir Path home) throws Exception {
        // given
        CliEnvironment environment = environment(Map.of(CliEnvironment.HOME, home.toString()));

        // when
        ConsoleCredentials first = ConsoleCredentials.resolve(environment);
        ConsoleCredentials second = ConsoleCredentials.resolve(environment);

        // then
        assertThat(first.user()).isEqualTo("admin");
        assertThat(first.generatedNow()).isTrue();
        assertThat(first.password()).hasSizeGreaterThanOrEqualTo(24);
        Path file = home.resolve("ui-password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo(first.password());
        assertThat(second.generatedNow()).isFalse();
        assertThat(second.password()).isEqualTo(first.password());
        assertThat(first.toString()).doesNotContain(first.password());
    }

    @Test
    void theEnvironmentNamesTheUserAndThePasswordAndNothingIsWritten(@TempDir Path home) {
        // given
        CliEnvironment environment = environment(Map.of(CliEnvironment.HOME, home.toString(),
                ConsoleCredentials.USER_VARIABLE, "operator", ConsoleCredentials.PASSWORD_VARIABLE, "from the environment"));

        // when
        ConsoleCredentials credentials = ConsoleCredentials.resolve(environment);

        // then
        assertThat(credentials.user()).isEqualTo("operator");
        assertThat(credentials.password()).isEqualTo("from the environment");
        assertThat(credentials.generatedNow()).isFalse();
        assertThat(home.resolve("ui-password")).doesNotExist();
    }

    @Test
    void aKeptPasswordThatOthersCanReadIsRefused(@TempDir Path home) throws Exception {
        // given
        Path file = Files.writeString(home.resolve("ui-password"), "leaked");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        // when / then
        assertThatThrownBy(() -> ConsoleCredentials.resolve(environment(Map.of(CliEnvironment.HOME, home.toString()))))
                .isInstanceOf(UserException.class)
                .hasMessageContaining(file + " must be a regular file of mode 0600")
                .hasMessageContaining("rw-r--r--");
    }

    private static CliEnvironment environment(Map<String, String> variables) {
        return new CliEnvironment(variables, false, new StopSignal());
    }
}
