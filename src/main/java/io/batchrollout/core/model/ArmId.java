package io.batchrollout.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed Azure Resource Manager id:
 * {@code /subscriptions/{s}/resourceGroups/{rg}/providers/{namespace}/{type}/{name}[/{type}/{name}...]}.
 * ARM treats ids case-insensitively (Event Grid, for one, varies the casing of {@code resourceGroups}), so
 * comparisons go through {@link #key()}; the original casing is kept for display and for requests.
 */
public record ArmId(String subscriptionId, String resourceGroup, String namespace, List<String> types, List<String> names) {

    private static final Pattern GUID = Pattern.compile("^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$");
    private static final Pattern RESOURCE_GROUP = Pattern.compile("^[-\\w._()]{1,90}$");
    private static final Pattern SEGMENT = Pattern.compile("^[^/?#\\s]{1,260}$");

    public ArmId {
        types = List.copyOf(types);
        names = List.copyOf(names);
    }

    public static ArmId parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an ARM resource id is required");
        }
        String trimmed = text.strip();
        if (!trimmed.startsWith("/")) {
            throw new IllegalArgumentException("'" + text + "' is not an ARM resource id: it must start with /subscriptions/");
        }
        String[] parts = trimmed.substring(1).split("/", -1);
        if (parts.length < 8 || parts.length % 2 != 0
                || !parts[0].equalsIgnoreCase("subscriptions")
                || !parts[2].equalsIgnoreCase("resourceGroups")
                || !parts[4].equalsIgnoreCase("providers")) {
            throw new IllegalArgumentException("'" + text + "' is not an ARM resource id of the form "
                    + "/subscriptions/{id}/resourceGroups/{group}/providers/{namespace}/{type}/{name}");
        }
        if (!GUID.matcher(parts[1]).matches()) {
            throw new IllegalArgumentException("'" + parts[1] + "' in '" + text + "' is not a subscription id (a GUID)");
        }
        if (!RESOURCE_GROUP.matcher(parts[3]).matches() || parts[3].endsWith(".")) {
            throw new IllegalArgumentException("'" + parts[3] + "' in '" + text + "' is not a valid resource group name");
        }
        List<String> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 6; i < parts.length; i += 2) {
            if (!SEGMENT.matcher(parts[i]).matches() || !SEGMENT.matcher(parts[i + 1]).matches()) {
                throw new IllegalArgumentException("'" + text + "' has an empty or malformed segment");
            }
            types.add(parts[i]);
            names.add(parts[i + 1]);
        }
        if (!SEGMENT.matcher(parts[5]).matches()) {
            throw new IllegalArgumentException("'" + text + "' has no provider namespace");
        }
        return new ArmId(parts[1], parts[3], parts[5], types, names);
    }

    /** The resource type as ARM spells it, e.g. {@code Microsoft.Compute/galleries/images}. */
    public String resourceType() {
        return namespace + "/" + String.join("/", types);
    }

    public boolean isOfType(String expectedType) {
        return resourceType().equalsIgnoreCase(expectedType);
    }

    /** Requires this id to be of the given type, naming both in the message otherwise. */
    public ArmId requireType(String expectedType) {
        if (!isOfType(expectedType)) {
            throw new IllegalArgumentException("'" + this + "' is a " + resourceType() + " id, expected a " + expectedType + " id");
        }
        return this;
    }

    public String name() {
        return names.get(names.size() - 1);
    }

    /** Lower-cased id: the identity ARM itself uses. */
    public String key() {
        return toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("/subscriptions/").append(subscriptionId)
                .append("/resourceGroups/").append(resourceGroup)
                .append("/providers/").append(namespace);
        for (int i = 0; i < types.size(); i++) {
            sb.append('/').append(types.get(i)).append('/').append(names.get(i));
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArmId that && key().equals(that.key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }
}
