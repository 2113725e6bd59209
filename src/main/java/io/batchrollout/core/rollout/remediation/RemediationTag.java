package io.batchrollout.core.rollout.remediation;

import io.batchrollout.core.model.RegionName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the app last changed on a version, kept on the version itself as an ARM tag so that people looking at the
 * gallery see it and later passes (and the drift report) can say "from 1 to 10" after the count has changed:
 * {@code batch-image-rollout.remediation = "westeurope:1>10,northeurope:0>10"} (0: the region was added). The tag is
 * input like any other state read back: entries that do not parse are ignored, never acted on.
 */
public final class RemediationTag {
    public static final String KEY = "batch-image-rollout.remediation";
    /** ARM's limit on a tag value. */
    static final int MAX_VALUE = 256;
    private static final Pattern ENTRY = Pattern.compile("^([a-z0-9]{1,40}):(\\d{1,3})>(\\d{1,3})$");

    private RemediationTag() {
    }

    /** The changes recorded in the version's tags, region by region (normalized), in the tag's order. */
    public static List<RegionChange> read(Map<String, String> tags) {
        String value = tags.get(KEY);
        List<RegionChange> changes = new ArrayList<>();
        if (value == null) {
            return changes;
        }
        for (String part : value.split(",")) {
            Matcher m = ENTRY.matcher(part.strip());
            if (m.matches()) {
                int from = Integer.parseInt(m.group(2));
                int to = Integer.parseInt(m.group(3));
                if (to > from && to <= 100) {
                    changes.add(new RegionChange(m.group(1), from, to));
                }
            }
        }
        return changes;
    }

    public static Optional<RegionChange> forRegion(Map<String, String> tags, String region) {
        return read(tags).stream().filter(c -> RegionName.same(c.region(), region)).reduce((first, second) -> second);
    }

    /** The tag value after {@code changes}: their regions replaced, other regions' entries kept while they fit. */
    static String merged(Map<String, String> tags, List<RegionChange> changes) {
        Map<String, RegionChange> byRegion = new LinkedHashMap<>();
        read(tags).forEach(c -> byRegion.put(RegionName.normalize(c.region()), c));
        changes.forEach(c -> {
            byRegion.remove(RegionName.normalize(c.region()));
            byRegion.put(RegionName.normalize(c.region()), c);
        });
        List<String> entries = new ArrayList<>();
        byRegion.values().forEach(c -> entries.add(RegionName.normalize(c.region()) + ":" + c.from() + ">" + c.to()));
        String value = String.join(",", entries);
        while (value.length() > MAX_VALUE && entries.size() > 1) {
            entries.remove(0);
            value = String.join(",", entries);
        }
        return value;
    }
}
