package io.batchrollout.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.local.LocalRunner;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard's HTTP answer: one HTML document from the jar, a policy that allows only its own scripts and styles. */
class DashboardFunctionTest {
    private static final Pattern NONCE = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=]+)'");
    private static LocalRunner runner;

    @BeforeAll
    static void start() {
        runner = LocalRunner.start(LocalRunner.Options.forTests(Map.of()));
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    private static HttpResponse<String> dashboard(String query) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/api/dashboard" + query)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("");
    }

    private static String nonce(HttpResponse<?> response) {
        Matcher m = NONCE.matcher(header(response, "Content-Security-Policy"));
        assertTrue(m.find(), header(response, "Content-Security-Policy"));
        return m.group(1);
    }

    @Test
    void thePageIsHtmlThatNoCacheKeepsAndNoOtherSiteFramesOrSniffs() throws Exception {
        HttpResponse<String> response = dashboard("?code=secret-key");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/html; charset=utf-8", header(response, "Content-Type"));
        assertEquals("nosniff", header(response, "X-Content-Type-Options"));
        assertEquals("no-store", header(response, "Cache-Control"));
        assertEquals("no-referrer", header(response, "Referrer-Policy"));
        assertTrue(response.body().startsWith("<!doctype html>"), response.body().substring(0, 40));
        assertTrue(response.body().contains("loading…"), "UTF-8 text arrives as written");
        assertFalse(response.body().contains("secret-key"), "the key is never written into the page");
    }

    @Test
    void thePolicyAllowsOnlyTheScriptsAndStyleThatCarryThisAnswersNonce() throws Exception {
        HttpResponse<String> response = dashboard("");
        String policy = header(response, "Content-Security-Policy");
        String nonce = nonce(response);

        assertEquals("default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'; connect-src 'self'; "
                + "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", policy);
        List<String> tags = new ArrayList<>();
        Matcher opening = Pattern.compile("<(script|style)\\b[^>]*>").matcher(response.body());
        while (opening.find()) {
            tags.add(opening.group());
        }
        assertEquals(DashboardPage.SCRIPTS.size() + 1, tags.size(), tags.toString());
        tags.forEach(tag -> assertTrue(tag.equals("<script nonce=\"" + nonce + "\">") || tag.equals("<style nonce=\"" + nonce + "\">"), tag));
        assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(response.body()).find(), "no inline event handler");
    }

    @Test
    void everyAnswerHasAFreshNonce() throws Exception {
        assertNotEquals(nonce(dashboard("")), nonce(dashboard("")));
    }

    @Test
    void thePageTellsTheAppsTimeSoTimeInPhaseUsesTheAppsClock() throws Exception {
        String body = dashboard("").body();

        assertTrue(body.contains("data-served-at=\"" + runner.sim().clock().now() + "\""), "the simulated clock stands still here");
    }

    /** Everything the page needs is in the jar: no URL of another origin, no import, no remote font or image. */
    @Test
    void thePageLoadsNothingFromElsewhere() throws Exception {
        String body = dashboard("").body();

        for (String remote : List.of("http://", "https://", "@import", "url(", "src=")) {
            assertFalse(body.contains(remote), "the page names " + remote);
        }
        Matcher href = Pattern.compile("href=\"([^\"]*)\"").matcher(body);
        while (href.find()) {
            assertEquals("data:,", href.group(1));
        }
    }

    /** Pool metadata and Azure's messages are written by others: the scripts only ever write text nodes and properties. */
    @Test
    void theScriptsNeverTurnTextIntoMarkup() throws IOException {
        for (String script : DashboardPage.SCRIPTS) {
            try (InputStream in = DashboardFunctionTest.class.getResourceAsStream(DashboardPage.FOLDER + script)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                        "createContextualFragment", "DOMParser", "setAttribute('href'", "setAttribute('style'", ".href =")) {
                    assertFalse(text.contains(sink), script + " uses " + sink);
                }
            }
        }
    }
}
