package io.batchrollout.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The simulator's own reading of an Azure Resource Manager resource id, written from ARM's id grammar rather than
 * shared with the app (a bug both sides shared would be invisible):
 * {@code /subscriptions/{s}/resourceGroups/{g}/providers/{Namespace}/{type}/{name}[/{type}/{name}]...}.
 * ARM compares ids without regard to case, segment names included (Event Grid sends {@code resourcegroups}), and keeps
 * the caller's casing for display.
 *
 * @param typeSegments the resource type segments after the namespace, e.g. galleries, images, versions
 * @param names        the resource names, one per type segment
 */
public record SimArmId(String subscriptionId, String resourceGroup, String namespace, List<String> typeSegments,
                       List<String> names) {

    public static final String GALLERY_IMAGE = "Microsoft.Compute/galleries/images";
    public static final String GALLERY_IMAGE_VERSION = "Microsoft.Compute/galleries/images/versions";
    public static final String BATCH_POOL = "Microsoft.Batch/batchAccounts/pools";

    public SimArmId {
        typeSegments = List.copyOf(typeSegments);
        names = List.copyOf(names);
    }

    /** The id, or empty when the text is not a resource id under a resource group and a provider. */
    public static Optional<SimArmId> read(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        if (!trimmed.startsWith("/") || trimmed.endsWith("/")) {
            return Optional.empty();
        }
        String[] s = trimmed.substring(1).split("/");
        // subscriptions/{s}/resourceGroups/{g}/providers/{ns} then at least one type/name pair.
        if (s.length < 8 || (s.length - 6) % 2 != 0) {
            return Optional.empty();
        }
        if (!s[0].equalsIgnoreCase("subscriptions") || !s[2].equalsIgnoreCase("resourceGroups")
                || !s[4].equalsIgnoreCase("providers")) {
            return Optional.empty();
        }
        for (String segment : s) {
            if (segment.isBlank() || segment.contains("?") || segment.contains("#")) {
                return Optional.empty();
            }
        }
        List<String> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 6; i < s.length; i += 2) {
            types.add(s[i]);
            names.add(s[i + 1]);
        }
        return Optional.of(new SimArmId(s[1], s[3], s[5], types, names));
    }

    /** {@code Namespace/type/type...} as given by the caller. */
    public String type() {
        return namespace + "/" + String.join("/", typeSegments);
    }

    public boolean is(String resourceType) {
        return type().equalsIgnoreCase(resourceType);
    }

    /** The last name: the resource's own name. */
    public String name() {
        return names.get(names.size() - 1);
    }

    /** The enclosing resource (a version's image definition), or empty for a top-level resource. */
    public Optional<SimArmId> parent() {
        if (typeSegments.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(new SimArmId(subscriptionId, resourceGroup, namespace,
                typeSegments.subList(0, typeSegments.size() - 1), names.subList(0, names.size() - 1)));
    }

    /** What ARM compares: the whole id in lower case. */
    public String key() {
        return toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        StringBuilder id = new StringBuilder("/subscriptions/").append(subscriptionId).append("/resourceGroups/")
                .append(resourceGroup).append("/providers/").append(namespace);
        for (int i = 0; i < typeSegments.size(); i++) {
            id.append('/').append(typeSegments.get(i)).append('/').append(names.get(i));
        }
        return id.toString();
    }
}
