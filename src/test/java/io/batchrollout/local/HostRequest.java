package io.batchrollout.local;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A request as it reached the runner's server, before any function sees it. Header lookups ignore case. */
record HostRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {

    HostRequest {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
        headers = Map.copyOf(lower);
    }

    Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** One value per header name, repeated headers joined by commas as ASP.NET Core's StringValues prints them. */
    Map<String, String> flatHeaders() {
        Map<String, String> flat = new LinkedHashMap<>();
        headers.forEach((k, v) -> flat.put(k, String.join(",", v)));
        return flat;
    }

    Map<String, String> query() {
        return queryOf(uri);
    }

    Optional<String> queryParameter(String name) {
        return query().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The path after {@code prefix}, split on '/', each segment percent-decoded; a trailing slash is ignored. */
    List<String> pathSegmentsAfter(String prefix) {
        String rest = uri.getRawPath().substring(prefix.length());
        List<String> segments = new ArrayList<>();
        for (String raw : rest.split("/")) {
            if (!raw.isEmpty()) {
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    static Map<String, String> queryOf(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.merge(key, value, (a, b) -> a + "," + b);
        }
        return query;
    }
}
