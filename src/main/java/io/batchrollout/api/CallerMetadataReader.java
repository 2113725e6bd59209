package io.batchrollout.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.policy.PoolMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The caller's {@code metadata}: name/value pairs kept on the pool as given, in order. Limits are
 * {@link PoolMetadata}'s; names under the app's prefix are the app's alone, and a name may appear once (ignoring case).
 */
final class CallerMetadataReader {
    static final String POINTER = "#/metadata";
    static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0," + (PoolMetadata.MAX_NAME_LENGTH - 1) + "}$");
    private static final Set<String> ITEM_FIELDS = new LinkedHashSet<>(List.of("name", "value"));

    private CallerMetadataReader() {
    }

    static List<Metadata> read(ArrayNode array, JsonFields fields) {
        if (array.size() > PoolMetadata.MAX_CALLER_ENTRIES) {
            fields.error(POINTER, "may hold at most " + PoolMetadata.MAX_CALLER_ENTRIES + " entries, not " + array.size());
            return List.of();
        }
        List<Metadata> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (int i = 0; i < array.size(); i++) {
            String at = FieldError.item(POINTER, i);
            JsonNode node = array.get(i);
            if (!node.isObject()) {
                fields.error(at, "must be an object {\"name\": ..., \"value\": ...}, not " + JsonFields.kind(node));
                continue;
            }
            ObjectNode item = (ObjectNode) node;
            fields.rejectUnknown(item, at, ITEM_FIELDS);
            Optional<String> name = fields.string(item, at, "name", true).filter(n -> validName(n, at, seen, fields));
            Optional<String> value = fields.string(item, at, "value", true).filter(v -> validValue(v, at, fields));
            if (name.isPresent() && value.isPresent()) {
                entries.add(new Metadata(name.get(), value.get()));
                total += name.get().length() + value.get().length();
            }
        }
        if (total > PoolMetadata.MAX_CALLER_TOTAL_LENGTH) {
            fields.error(POINTER, "names and values together may have at most " + PoolMetadata.MAX_CALLER_TOTAL_LENGTH
                    + " characters, not " + total);
        }
        return entries;
    }

    private static boolean validName(String name, String at, Set<String> seen, JsonFields fields) {
        String pointer = FieldError.child(at, "name");
        if (PoolMetadata.isAppEntry(name)) {
            fields.error(pointer, "must not start with '" + PoolMetadata.PREFIX + "': those names are this app's own");
            return false;
        }
        if (!NAME.matcher(name).matches()) {
            fields.error(pointer, "must be 1 to " + PoolMetadata.MAX_NAME_LENGTH + " letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
            return false;
        }
        if (!seen.add(name.toLowerCase(Locale.ROOT))) {
            fields.error(pointer, "repeats a name given before (names compare ignoring case)");
            return false;
        }
        return true;
    }

    private static boolean validValue(String value, String at, JsonFields fields) {
        String pointer = FieldError.child(at, "value");
        if (value.length() > PoolMetadata.MAX_VALUE_LENGTH) {
            fields.error(pointer, "may have at most " + PoolMetadata.MAX_VALUE_LENGTH + " characters, not " + value.length());
            return false;
        }
        if (Texts.hasControl(value, false)) {
            fields.error(pointer, "must not contain control characters");
            return false;
        }
        return true;
    }
}
