package io.batchrollout.sim.batch;

import io.batchrollout.sim.SimRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Server-driven paging, items in key order, as ARM (nextLink) and the Batch data plane (odata.nextLink) do it: an absolute link that
 * repeats the request's query with a $skiptoken naming the last item returned, so a page stays right even when
 * items come and go between requests.
 */
final class Pages {

    record Page<T>(List<T> items, Optional<String> nextLink) {
    }

    private Pages() {
    }

    /**
     * {@code maxresults} is the most a client takes per page; the service may return fewer (Batch documents 1,000 as
     * the data plane's maximum), so every page is capped at {@code maxSize} too and clients must follow the links.
     */
    static <T> Page<T> of(List<T> items, Function<T, String> key, SimRequest request, String baseUrl, int defaultSize,
                          int maxSize) {
        int size = Math.min(maxSize, request.queryParam("maxresults").map(Pages::positive).orElse(defaultSize));
        String after = request.queryParam("$skiptoken").map(Pages::decode).orElse(null);
        List<T> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> key.apply(a).toLowerCase().compareTo(key.apply(b).toLowerCase()));
        List<T> remaining = new ArrayList<>();
        for (T item : sorted) {
            if (after == null || key.apply(item).toLowerCase().compareTo(after) > 0) {
                remaining.add(item);
            }
        }
        if (remaining.size() <= size) {
            return new Page<>(remaining, Optional.empty());
        }
        List<T> page = remaining.subList(0, size);
        Map<String, String> query = new LinkedHashMap<>(request.query());
        query.keySet().removeIf(k -> k.equalsIgnoreCase("$skiptoken"));
        query.put("$skiptoken", encode(key.apply(page.get(size - 1)).toLowerCase()));
        StringBuilder link = new StringBuilder(baseUrl).append(request.path()).append('?');
        query.forEach((k, v) -> link.append(url(k)).append('=').append(url(v)).append('&'));
        link.setLength(link.length() - 1);
        return new Page<>(List.copyOf(page), Optional.of(link.toString()));
    }

    private static int positive(String text) {
        try {
            return Math.max(1, Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
