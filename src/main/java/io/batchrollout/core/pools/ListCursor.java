package io.batchrollout.core.pools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.BatchAccountId;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a pool listing goes on: the account (by its place in BATCH_ACCOUNT_IDS), the ARM page to read (none: the
 * account's first page, asked with {@code armPageSize}), and how many pools of that page were already handed out.
 * Re-reading the page and skipping is what lets an app page end in the middle of an ARM page.
 *
 * <p>The token is the client's to hold and so not to be trusted: the ARM link in it is followed with the app's own
 * identity, so on decode it must be the configured endpoint and exactly that account's pools path, or the token is
 * refused. Nothing else in it can reach Azure.
 */
record ListCursor(int accountIndex, Optional<String> armPage, int skip, int armPageSize) {
    static final int MAX_TOKEN_LENGTH = 4096;
    static final int MAX_SKIP = 10_000;
    static final int MAX_ARM_PAGE_SIZE = 1_000;
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    static ListCursor start(int armPageSize) {
        return new ListCursor(0, Optional.empty(), 0, armPageSize);
    }

    String encode() {
        ObjectNode node = JSON.createObjectNode().put("v", VERSION).put("a", accountIndex).put("s", skip).put("m", armPageSize);
        armPage.ifPresent(link -> node.put("l", link));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ListCursor decode(String token, List<BatchAccountId> accounts, String resourceManagerEndpoint) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw refused("it is longer than any token this app issues");
        }
        JsonNode node;
        try {
            node = JSON.readTree(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw refused("it is not a token this app issued");
        }
        if (node == null || !node.isObject() || node.path("v").asInt(-1) != VERSION || node.size() > 5
                || !isInt(node.get("a")) || !isInt(node.get("s")) || !isInt(node.get("m"))
                || (node.has("l") && !node.get("l").isTextual())) {
            throw refused("it is not a token this app issued");
        }
        int account = node.get("a").intValue();
        int skip = node.get("s").intValue();
        int pageSize = node.get("m").intValue();
        if (account < 0 || account >= accounts.size()) {
            throw refused("it names an account that is not configured (BATCH_ACCOUNT_IDS changed?)");
        }
        if (skip < 0 || skip > MAX_SKIP || pageSize < 1 || pageSize > MAX_ARM_PAGE_SIZE) {
            throw refused("its position is out of range");
        }
        Optional<String> link = node.has("l") ? Optional.of(node.get("l").textValue()) : Optional.empty();
        link.ifPresent(l -> requireAccountPoolsLink(l, accounts.get(account), resourceManagerEndpoint));
        return new ListCursor(account, link, skip, pageSize);
    }

    /**
     * The link must be https on the configured ARM host and port, with no user info or fragment, and its path must
     * be exactly the account's pools collection. Compared ignoring case (ARM paths are), after refusing anything
     * escaped or relative that could make two different strings name the same path.
     */
    static void requireAccountPoolsLink(String link, BatchAccountId account, String resourceManagerEndpoint) {
        URI endpoint = URI.create(resourceManagerEndpoint);
        String base = trimSlash(resourceManagerEndpoint);
        String expectedPath = trimSlash(endpoint.getRawPath() == null ? "" : endpoint.getRawPath()) + account + "/pools";
        URI uri;
        try {
            uri = new URI(link);
        } catch (URISyntaxException e) {
            throw refused("its next page is not a URL");
        }
        boolean sameOrigin = uri.isAbsolute() && "https".equalsIgnoreCase(uri.getScheme())
                && endpoint.getScheme().equalsIgnoreCase(uri.getScheme())
                && uri.getRawUserInfo() == null && uri.getRawFragment() == null
                && uri.getHost() != null && uri.getHost().equalsIgnoreCase(endpoint.getHost())
                && port(uri) == port(endpoint);
        String path = uri.getRawPath();
        boolean samePath = path != null && path.indexOf('%') < 0 && path.equalsIgnoreCase(expectedPath);
        boolean prefix = link.toLowerCase(Locale.ROOT).startsWith((base + account + "/pools?").toLowerCase(Locale.ROOT));
        if (!sameOrigin || !samePath || !prefix) {
            throw refused("its next page is not this app's Resource Manager endpoint and the pools of " + account);
        }
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static boolean isInt(JsonNode node) {
        return node != null && node.isInt();
    }

    private static String trimSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static InvalidContinuationException refused(String why) {
        return new InvalidContinuationException("The continuation token is refused: " + why
                + ". Start again without one.");
    }
}
