package io.headpatch.ops.ui;

import io.headpatch.ops.support.Cli;
import io.headpatch.ops.support.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code headpatch ui} as a real process on the embedded database: its password, its login, the database it shares. */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class UiCommandIntegrationTests {

    private static final Pattern STARTED = Pattern.compile("headpatch ui: (http://127\\.0\\.0\\.1:\\d+) on the embedded database");
    private static final Pattern PASSWORD = Pattern.compile("generated password for admin: (\\S+) \\(shown once; kept in (\\S+)\\)");

    @Test
    void theConsoleGeneratesItsPasswordOnceAndSharesTheEmbeddedDatabaseWithOtherCommands(@TempDir Path home)
            throws Exception {
        // given
        JarProcess jar = JarProcess.embedded(home);
        Path output = home.resolve("ui-out.txt");

        // when
        Process ui = jar.builder("ui", "--port", "0").redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String printed = awaitOutput(ui, output, STARTED);

            // then it printed the generated password once, kept only for its owner
            Matcher password = PASSWORD.matcher(printed);
            assertThat(password.find()).as(printed).isTrue();
            Path file = Path.of(password.group(2));
            assertThat(file).isEqualTo(home.resolve("ui-password"));
            assertThat(Files.readString(file)).isEqualTo(password.group(1));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

            // and that password logs in
            Matcher started = STARTED.matcher(printed);
            assertThat(started.find()).isTrue();
            assertThat(logIn(started.group(1), password.group(1))).endsWith("/executions");

            // when another command wants the embedded database meanwhile
            Cli.Result status = jar.run("status");

            // then it runs on the same server
            assertThat(status.exitCode()).as(status.toString()).isZero();
            assertThat(status.errLines()).isEmpty();
        } finally {
            ui.destroy();
            assertThat(ui.waitFor(90, TimeUnit.SECONDS)).as("the console stops on SIGTERM").isTrue();
        }

        // then once it is stopped, commands still run, and the server stops when asked
        Cli.Result status = jar.run("status");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        Cli.Result stop = jar.run("db", "stop");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
    }

    private static String awaitOutput(Process process, Path output, Pattern line) {
        return await("headpatch ui started").atMost(3, TimeUnit.MINUTES).pollInterval(200, TimeUnit.MILLISECONDS)
                .failFast("headpatch ui ended", () -> !process.isAlive())
                .until(() -> Files.exists(output) ? Files.readString(output) : "", text -> line.matcher(text).find());
    }

    /** Logs in and returns where the login sent the browser. */
    private static String logIn(String url, String password) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String form = client.send(HttpRequest.newBuilder(URI.create(url + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form);
        assertThat(token.find()).as(form).isTrue();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("Location").orElse("");
    }
}
