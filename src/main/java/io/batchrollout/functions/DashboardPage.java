package io.batchrollout.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard as one HTML document: the page, its style and its scripts are resources of this jar (no build step,
 * no CDN), put together per request so that the Content-Security-Policy can name a fresh nonce and allow nothing
 * else: no inline handlers, no script or style from anywhere, fetches only to the app's own origin.
 */
final class DashboardPage {
    static final String FOLDER = "/io/batchrollout/dashboard/";
    static final String TEMPLATE = "dashboard.html";
    static final String STYLE = "dashboard.css";
    /** In the order they run; each is a classic script sharing the page's global scope. */
    static final List<String> SCRIPTS = List.of("dashboard-view.js", "dashboard-pools.js", "dashboard-images.js",
            "dashboard-actions.js", "dashboard-main.js");

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Lazy<Parts> PARTS = new Lazy<>(DashboardPage::load);

    private DashboardPage() {
    }

    /** What a request gets: the document and the nonce its policy names. */
    record Rendered(String html, String nonce) {
    }

    /** {@code servedAt} lets the page measure time in phase on the app's clock rather than the browser's alone. */
    static Rendered render(Instant servedAt) {
        String nonce = nonce();
        Parts parts = PARTS.get();
        StringBuilder scripts = new StringBuilder();
        for (String script : parts.scripts()) {
            scripts.append("<script nonce=\"").append(nonce).append("\">\n").append(script).append("</script>\n");
        }
        String html = parts.template()
                .replace("@@SERVED_AT@@", servedAt.toString())
                .replace("@@STYLE@@", "<style nonce=\"" + nonce + "\">\n" + parts.style() + "</style>")
                .replace("@@SCRIPTS@@", scripts.toString());
        return new Rendered(html, nonce);
    }

    /**
     * The answer's headers. The URL carries the function key ({@code ?code=}), so nothing may keep the answer
     * (no-store) or pass the URL on (no-referrer); the page is never framed.
     */
    static Map<String, String> headers(String nonce) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        headers.put("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-"
                + nonce + "'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Cache-Control", "no-store");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        return headers;
    }

    private static String nonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private record Parts(String template, String style, List<String> scripts) {
    }

    private static Parts load() {
        String template = read(TEMPLATE);
        for (String marker : List.of("@@SERVED_AT@@", "@@STYLE@@", "@@SCRIPTS@@")) {
            if (!template.contains(marker)) {
                throw new IllegalStateException(TEMPLATE + " lacks " + marker);
            }
        }
        return new Parts(template, inert(STYLE, read(STYLE), "</style"),
                SCRIPTS.stream().map(s -> inert(s, read(s), "</script")).toList());
    }

    /** A resource that would close its own element early would let the rest be read as markup: refuse to serve it. */
    private static String inert(String name, String text, String closing) {
        if (text.toLowerCase(Locale.ROOT).contains(closing) || text.contains("@@")) {
            throw new IllegalStateException(name + " contains " + closing + " or a template marker");
        }
        return text;
    }

    private static String read(String name) {
        try (InputStream in = DashboardPage.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard resource " + FOLDER + name + " is not in the package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the dashboard resource " + name, e);
        }
    }
}
