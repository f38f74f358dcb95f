package io.headpatch.ops.ui;

import io.headpatch.ops.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code headpatch ui} refuses before it opens a database or a port: one line and the usage exit code. */
class UiCommandTest {

    @TempDir
    Path home;

    @Test
    void aPasswordOfElevenCharactersIsRefused() {
        // given
        Cli cli = Cli.withEnvironment(home, Map.of(ConsoleCredentials.PASSWORD_VARIABLE, "elevenchars"));

        // when
        Cli.Result result = cli.run("ui", "--port", "0");

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.errLines().get(0)).contains("HEADPATCH_UI_PASSWORD has 11 characters; the console needs at least 12")
                .doesNotContain("elevenchars");
    }

    @Test
    void aNetworkAddressWithoutTlsOrInsecureHttpIsRefusedNamingBoth() {
        // given
        Cli cli = Cli.withEnvironment(home, Map.of(ConsoleCredentials.PASSWORD_VARIABLE, "twelve chars"));

        // when
        Cli.Result result = cli.run("ui", "--bind", "0.0.0.0", "--port", "0");

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.errLines().get(0)).contains("--bind=0.0.0.0 is not a loopback address", "--tls-cert FILE --tls-key FILE",
                "--insecure-http");
    }

    @Test
    void insecureHttpOnANetworkAddressIsAllowedWithAWarning() {
        // when
        String warning = new ConsoleEndpoint("0.0.0.0", 0, null, null, true).check();

        // then
        assertThat(warning).startsWith("warning: the console serves plain HTTP on 0.0.0.0 (--insecure-http)");
        assertThat(ConsoleEndpoint.loopback(0).check()).isNull();
    }

    @Test
    void aSpecFolderOthersCanWriteStopsTheStart(@TempDir Path specs) throws Exception {
        // given
        java.nio.file.Files.setPosixFilePermissions(specs, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Cli cli = Cli.withEnvironment(home, Map.of(ConsoleCredentials.PASSWORD_VARIABLE, "twelve chars"));

        // when
        Cli.Result result = cli.run("ui", "--port", "0", "--spec-dir", specs.toString());

        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.errLines().get(0)).contains("--spec-dir=" + specs, "not writable by group or others");
    }
}
