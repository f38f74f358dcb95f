package io.headpatch.ops.ui;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

import java.io.IOException;
import java.time.Duration;

/**
 * Answers a login attempt that must still wait ({@link LoginThrottle}) at once with 429 and Retry-After, before its
 * password is checked: no server thread sleeps through the delay.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottleFilter.class);

    private final LoginThrottle throttle;

    LoginThrottleFilter(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = request.getRemoteAddr();
        String user = request.getParameter("username");
        Duration wait = throttle.wait(address, user);
        if (wait.isZero()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        LOG.warn("login throttled: address={} user={} failures={} retry-after={}s", address, printable(user),
                throttle.failures(address, user), seconds);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("<!DOCTYPE html><html><head><title>Too many failed logins</title></head><body>"
                + "<h1 id=\"problem-status\">429</h1><p id=\"problem\">Too many failed logins: try again in " + seconds
                + " s.</p><p><a href=\"" + HtmlUtils.htmlEscape(request.getContextPath()) + "/login\">Log in</a></p></body></html>");
    }

    /** The user name as typed, without line breaks or control characters that could forge log lines. */
    private static String printable(String user) {
        return user == null ? "" : user.replaceAll("\\p{Cntrl}", "?");
    }
}
