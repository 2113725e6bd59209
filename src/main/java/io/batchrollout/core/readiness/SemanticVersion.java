package io.batchrollout.core.readiness;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gallery image version name as Major.Minor.Patch, ordered numerically (1.10.0 is newer than 1.9.0), which is how
 * the gallery picks "latest". A name that is not three 32-bit numbers never parses, so it is never eligible as latest.
 */
public record SemanticVersion(int major, int minor, int patch) implements Comparable<SemanticVersion> {
    private static final Pattern FORM = Pattern.compile("^(\\d{1,10})\\.(\\d{1,10})\\.(\\d{1,10})$");
    private static final Comparator<SemanticVersion> ORDER = Comparator.comparingInt(SemanticVersion::major)
            .thenComparingInt(SemanticVersion::minor)
            .thenComparingInt(SemanticVersion::patch);

    public SemanticVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version parts cannot be negative");
        }
    }

    public static Optional<SemanticVersion> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(name.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SemanticVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3))));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(SemanticVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
