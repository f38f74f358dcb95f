package io.headpatch.ops.ui;

import javax.net.ssl.SSLContext;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** An HTTP client of a console with its own session cookie that does not follow redirects, so tests see them. */
final class ConsoleClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String url;
    private final HttpClient client;

    ConsoleClient(String url) {
        this(url, HttpClient.newBuilder());
    }

    /** Trusting what {@code ssl} trusts (a test's self-signed certificate). */
    ConsoleClient(String url, SSLContext ssl) {
        this(url, HttpClient.newBuilder().sslContext(ssl));
    }

    private ConsoleClient(String url, HttpClient.Builder builder) {
        this.url = url;
        this.client = builder.cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static ConsoleClient loggedIn(String url, String user, String password) throws Exception {
        ConsoleClient client = new ConsoleClient(url);
        HttpResponse<String> response = client.logIn(user, password);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(to -> assertThat(to).doesNotContain("error"));
        return client;
    }

    HttpResponse<String> logIn(String user, String password) throws Exception {
        String form = get("/login").body();
        return post("/login", "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + token(form));
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(path, "text/html,application/json");
    }

    HttpResponse<String> get(String path, String accept) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url + path)).header("Accept", accept).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url + path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The page's CSRF token, URL-encoded for a form. */
    static String token(String page) {
        Matcher m = CSRF.matcher(page);
        assertThat(m.find()).as(page).isTrue();
        return encode(m.group(1));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
