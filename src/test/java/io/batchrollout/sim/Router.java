package io.batchrollout.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps (method, path) to an operation and its handler. Templates use {@code {name}} for one path segment and are
 * matched case-insensitively, as ARM matches resource paths. Operation names follow the REST specs' operationIds
 * ({@code Pool_Get}, {@code GalleryImageVersions_Get}) so fault rules and request counts read like the API.
 */
public final class Router {

    public record Route(String method, String template, String operation, Pattern pattern, List<String> names, Handler handler) {
    }

    public record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();

    public synchronized Router add(String method, String template, String operation, Handler handler) {
        List<String> names = new ArrayList<>();
        StringBuilder regex = new StringBuilder("^");
        Matcher m = Pattern.compile("\\{([A-Za-z0-9_]+)}").matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append("/?$");
        routes.add(new Route(method.toUpperCase(Locale.ROOT), template, operation,
                Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE), List.copyOf(names), handler));
        return this;
    }

    /** The route for this request, or empty. A path known under another method is a 405, told apart by the caller. */
    public synchronized Optional<Match> match(String method, String path) {
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(path);
            if (m.matches() && route.method().equalsIgnoreCase(method)) {
                Map<String, String> params = new LinkedHashMap<>();
                for (int i = 0; i < route.names().size(); i++) {
                    params.put(route.names().get(i), m.group(i + 1));
                }
                return Optional.of(new Match(route, params));
            }
        }
        return Optional.empty();
    }

    /** The operation names of every route, as requests are counted and faults scripted by them. */
    public synchronized java.util.Set<String> operations() {
        return routes.stream().map(Route::operation).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }

    public synchronized boolean knowsPath(String path) {
        return routes.stream().anyMatch(r -> r.pattern().matcher(path).matches());
    }
}
