package io.batchrollout.sim.gallery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.sim.SimException;
import io.batchrollout.sim.SimRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * ARM list paging: a page of at most {@code pageSize} items and, when more remain, an absolute {@code nextLink}
 * to this simulator carrying the api-version and an opaque {@code $skiptoken}. The token names the last item
 * returned, so a page stays correct when items are added or deleted between calls.
 */
final class ListPage {
    private ListPage() {
    }

    /** {@code items} sorted by lower-cased name, as the store returns them. */
    static <T> ObjectNode of(SimRequest request, List<T> items, Function<T, String> name,
                             Function<T, ObjectNode> render, int pageSize) {
        String after = request.queryParam("$skiptoken").map(ListPage::decode).orElse(null);
        List<T> remaining = after == null ? items
                : items.stream().filter(i -> name.apply(i).toLowerCase(Locale.ROOT).compareTo(after) > 0).toList();
        List<T> page = remaining.subList(0, Math.min(pageSize, remaining.size()));
        String nextLink = null;
        if (remaining.size() > page.size()) {
            String last = name.apply(page.get(page.size() - 1)).toLowerCase(Locale.ROOT);
            nextLink = GalleryRequests.baseUrl(request) + request.path() + "?api-version=" + request.apiVersion()
                    + "&$skiptoken=" + encode(last);
        }
        return GalleryJson.page(page.stream().map(render).toList(), nextLink);
    }

    private static String encode(String name) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + name).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("after:")) {
                return text.substring(6);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw SimException.badRequest("InvalidSkipToken", "The provided $skiptoken '" + token + "' is not valid.");
    }
}
