package io.headpatch.ops.ui;

import io.headpatch.ops.demo.FhdrFiles;
import io.headpatch.ops.support.Cli;
import io.headpatch.ops.support.OpsTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.util.HtmlUtils;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A console started with {@code --root A --spec-dir SPECS} over HTTP, on the test PostgreSQL: what it refuses creates
 * no execution (counted in the reporting views), no error quotes a file, failed logins wait, and it serves TLS.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ConsoleConfinementIntegrationTests {

    private static final String PASSWORD = "s3cret for the test";
    private static final String SECRET = "secret-marker-7f3a";

    @RegisterExtension
    static final OpsTestDatabase database = OpsTestDatabase.perClass();

    @TempDir
    static Path work;

    private static Path a;
    private static Path b;
    private static Path specs;
    private static ConsoleScope scope;
    private static ConsoleServer server;
    private static long insideId;
    private static long outsideId;

    @BeforeAll
    static void start() throws Exception {
        a = Files.createDirectories(work.resolve("a"));
        b = Files.createDirectories(work.resolve("b"));
        FhdrFiles.generate(a, 10, 41);
        FhdrFiles.generate(b, 10, 42);
        specs = Files.createDirectories(work.resolve("specs"));
        Files.setPosixFilePermissions(specs, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(specs.resolve("not-a-spec.txt"), "root:" + SECRET + ":20228:0:99999:7:::\n");
        Files.writeString(work.resolve("outside.yaml"), "name: " + SECRET + "\n");
        Cli cli = database.cli(work.resolve("home"));
        insideId = executionId(cli.run("launch", "--spec", "fhdr-v1.3", "--root", a.toString(), "--format", "json"));
        outsideId = executionId(cli.run("launch", "--spec", "fhdr-v1.3", "--root", b.toString(), "--format", "json"));
        scope = ConsoleScope.of(List.of(a), specs);
        server = start(ConsoleEndpoint.loopback(0));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aLaunchOnEtcOrOnAnotherTreeIsRefusedAndCreatesNoExecution() throws Exception {
        // given
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);
        List<Long> before = executionsAndInstances();

        // when
        HttpResponse<String> etc = launch(browser, "fhdr-v1.3", "/etc");
        HttpResponse<String> other = launch(browser, "fhdr-v1.3", b.toString());
        HttpResponse<String> climbing = launch(browser, "fhdr-v1.3", a + "/../b");

        // then
        for (HttpResponse<String> refused : List.of(etc, other, climbing)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        }
        assertThat(error(etc)).isEqualTo("root=/etc is outside this console's roots [" + a.toRealPath() + "]");
        assertThat(error(other)).startsWith("root=" + b + " is outside this console's roots");
        assertThat(executionsAndInstances()).isEqualTo(before);
    }

    @Test
    void aSpecPathOutsideTheSpecFolderIsRefusedAndCreatesNoExecution() throws Exception {
        // given
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);
        List<Long> before = executionsAndInstances();

        // when
        HttpResponse<String> absolute = launch(browser, "/etc/shadow", a.toString());
        HttpResponse<String> climbing = launch(browser, "../outside.yaml", a.toString());
        HttpResponse<String> missing = launch(browser, "no-such.yaml", a.toString());

        // then
        for (HttpResponse<String> refused : List.of(absolute, climbing, missing)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.body()).doesNotContain(SECRET);
        }
        assertThat(error(absolute)).startsWith("spec=/etc/shadow must name a file in the console's --spec-dir");
        assertThat(error(climbing)).startsWith("spec=../outside.yaml must name a file in the console's --spec-dir");
        assertThat(error(missing)).startsWith("spec=no-such.yaml is no file in the console's --spec-dir");
        assertThat(executionsAndInstances()).isEqualTo(before);
    }

    @Test
    void aSpecErrorOnAFileThatIsNoSpecShowsWhereButNeverItsText() throws Exception {
        // given
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);
        List<Long> before = executionsAndInstances();

        // when
        HttpResponse<String> response = launch(browser, "not-a-spec.txt", a.toString());

        // then
        assertThat(response.statusCode()).isBetween(200, 499);
        assertThat(response.body()).doesNotContain(SECRET).doesNotContain("20228");
        assertThat(error(response)).startsWith("spec=not-a-spec.txt is not a valid spec: line 1, ")
                .endsWith("(the file's text is not shown)");
        assertThat(executionsAndInstances()).isEqualTo(before);
    }

    @Test
    void actionsOnARunOutsideTheRootsAreRefusedAndOnesInsideRun() throws Exception {
        // given
        ConsoleClient browser = ConsoleClient.loggedIn(server.url(), "admin", PASSWORD);
        String inside = browser.get("/executions/" + insideId + "/verify").body();

        // when
        HttpResponse<String> confirm = browser.get("/executions/" + outsideId + "/verify");
        HttpResponse<String> verify = browser.post("/executions/" + outsideId + "/verify", "_csrf=" + ConsoleClient.token(inside));
        HttpResponse<String> restart = browser.post("/executions/" + outsideId + "/restart", "_csrf=" + ConsoleClient.token(inside));
        HttpResponse<String> rollback = browser.post("/executions/" + outsideId + "/rollback", "_csrf=" + ConsoleClient.token(inside));
        HttpResponse<String> allowed = browser.post("/executions/" + insideId + "/verify", "_csrf=" + ConsoleClient.token(inside));

        // then
        for (HttpResponse<String> refused : List.of(confirm, verify, restart, rollback)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(HtmlUtils.htmlUnescape(refused.body())).contains("of execution " + outsideId + " refused: its roots are not all inside"
                    + " this console's roots");
        }
        assertThat(allowed.statusCode()).isEqualTo(302);
        await("the verify inside the roots is recorded").atMost(60, TimeUnit.SECONDS).pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> checks(insideId) > 0);
        assertThat(checks(outsideId)).isZero();
        assertThat(database.jdbc().queryForObject("SELECT COUNT(*) FROM hp_job_summary WHERE job_instance_id ="
                + " (SELECT job_instance_id FROM hp_job_summary WHERE job_execution_id = ?)", Long.class, outsideId)).isEqualTo(1L);
    }

    @Test
    void theEleventhWrongPasswordInAMinuteWaitsAndAfterTheWaitTheRightOneLogsIn() throws Exception {
        // given a console of its own (the throttle counts per address, and every test comes from 127.0.0.1)
        try (ConsoleServer own = start(ConsoleEndpoint.loopback(0))) {
            ConsoleClient client = new ConsoleClient(own.url());
            for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
                assertThat(client.logIn("admin", "wrong " + i).headers().firstValue("Location"))
                        .hasValueSatisfying(to -> assertThat(to).endsWith("/login?error"));
            }

            // when
            HttpResponse<String> eleventh = client.logIn("admin", "wrong again");
            HttpResponse<String> right = client.logIn("admin", PASSWORD);

            // then the attempt is answered at once and told to wait, even with the right password
            assertThat(eleventh.statusCode()).isEqualTo(429);
            assertThat(eleventh.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(eleventh.body()).contains("Too many failed logins: try again in 1 s.");
            assertThat(right.statusCode()).isEqualTo(429);

            // when the wait has passed
            Thread.sleep(1_100);

            // then the right password logs in
            assertThat(client.logIn("admin", PASSWORD).headers().firstValue("Location"))
                    .hasValueSatisfying(to -> assertThat(to).doesNotContain("error").endsWith("/executions"));
        }
    }

    @Test
    void withACertificateAndKeyTheConsoleServesHttps(@TempDir Path tls) throws Exception {
        // given a self-signed certificate for 127.0.0.1
        Path cert = tls.resolve("cert.pem");
        Path key = tls.resolve("key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(),
                "-out", cert.toString()).redirectErrorStream(true).redirectOutput(tls.resolve("openssl.log").toFile()).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(Files.readString(tls.resolve("openssl.log"))).isZero();

        // when
        try (ConsoleServer https = start(new ConsoleEndpoint("127.0.0.1", 0, cert, key, false))) {

            // then
            assertThat(https.url()).startsWith("https://127.0.0.1:");
            ConsoleClient client = new ConsoleClient(https.url(), trusting(cert));
            HttpResponse<String> login = client.get("/login");
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.body()).contains("name=\"_csrf\"");
            assertThat(client.logIn("admin", PASSWORD).headers().firstValue("Location"))
                    .hasValueSatisfying(to -> assertThat(to).endsWith("/executions"));
        }
    }

    private static ConsoleServer start(ConsoleEndpoint endpoint) {
        return ConsoleServer.start(endpoint, new ConsoleCredentials("admin", PASSWORD, false, null), scope,
                new ConsoleDatabase(database.dataSource(), "the test database", false), new ConsoleJobs(database.dataSource()));
    }

    private static HttpResponse<String> launch(ConsoleClient browser, String spec, String root) throws Exception {
        String form = browser.get("/launch").body();
        return browser.post("/launch", "_csrf=" + ConsoleClient.token(form) + "&spec=" + ConsoleClient.encode(spec)
                + "&roots=" + ConsoleClient.encode(root) + "&partitions=2&threads=1&io=MMAP&sync=NONE");
    }

    /** The launch page's error line, unescaped. */
    private static String error(HttpResponse<String> page) {
        Matcher error = Pattern.compile("<p class=\"error\" id=\"error\">([^<]*)</p>").matcher(page.body());
        assertThat(error.find()).as(page.body()).isTrue();
        return HtmlUtils.htmlUnescape(error.group(1));
    }

    /** Executions, job instances and manifests, as the reporting view counts them. */
    private static List<Long> executionsAndInstances() {
        Map<String, Object> counts = database.jdbc().queryForMap("SELECT COUNT(*) AS executions,"
                + " COUNT(DISTINCT job_instance_id) AS instances, COUNT(manifest_id) AS manifests FROM hp_job_summary");
        return List.of((Long) counts.get("executions"), (Long) counts.get("instances"), (Long) counts.get("manifests"));
    }

    private static long checks(long executionId) {
        return database.jdbc().queryForObject("SELECT COUNT(*) FROM hp_check_report r JOIN hp_job_summary s"
                + " ON s.manifest_id = r.manifest_id WHERE s.job_execution_id = ?", Long.class, executionId);
    }

    private static long executionId(Cli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        Matcher id = Pattern.compile("\"executionId\" : (\\d+)").matcher(result.out());
        assertThat(id.find()).as(result.out()).isTrue();
        return Long.parseLong(id.group(1));
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trusted.setCertificateEntry("console", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trust.getTrustManagers(), null);
        return ssl;
    }
}
