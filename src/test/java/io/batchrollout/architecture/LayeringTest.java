package io.batchrollout.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/ARCHITECTURE.md, checked on the imports of the main sources, so that a shortcut from the
 * core into Functions or the SDKs (or a new package cycle) fails the build instead of creeping in.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/io/batchrollout");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    private record Import(String fromFile, String imported) {
        @Override
        public String toString() {
            return fromFile + " imports " + imported;
        }
    }

    private static List<Import> importsUnder(String relativePackageDir) {
        return imports(relativePackageDir, Integer.MAX_VALUE);
    }

    /** The imports of one package only, without its sub-packages. */
    private static List<Import> importsOf(String relativePackageDir) {
        return imports(relativePackageDir, 1);
    }

    private static List<Import> imports(String relativePackageDir, int depth) {
        Path root = MAIN.resolve(relativePackageDir);
        try (Stream<Path> files = Files.walk(root, depth)) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                try {
                    Matcher m = IMPORT.matcher(Files.readString(f));
                    Stream.Builder<Import> found = Stream.builder();
                    while (m.find()) {
                        found.add(new Import(MAIN.relativize(f).toString(), m.group(1)));
                    }
                    return found.build();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Import> violations(String dir, String... forbiddenPrefixes) {
        return importsUnder(dir).stream()
                .filter(i -> Stream.of(forbiddenPrefixes).anyMatch(i.imported()::startsWith))
                .toList();
    }

    @Test
    void theSourcesAreWhereTheTestLooks() {
        assertFalse(importsUnder("core").isEmpty(), "no imports found under " + MAIN.toAbsolutePath());
    }

    @Test
    void theCoreKnowsNothingOfFunctionsTheSdksOrTheAdapters() {
        assertEquals(List.of(), violations("core", "com.microsoft.azure.functions", "com.azure", "io.batchrollout.functions",
                "io.batchrollout.azure", "io.batchrollout.api", "io.batchrollout.config"));
    }

    @Test
    void portsNameOnlyTheCoreModel() {
        assertEquals(List.of(), violations("port", "com.microsoft.azure.functions", "com.azure", "io.batchrollout.functions",
                "io.batchrollout.azure", "io.batchrollout.core.rollout", "io.batchrollout.core.pools",
                "io.batchrollout.core.readiness"));
    }

    @Test
    void theRolloutEngineDoesNotReachIntoPoolCreationOrStatus() {
        // core.pools shows rollout views; the opposite direction would make the two packages one tangle.
        assertEquals(List.of(), violations("core/rollout", "io.batchrollout.core.pools"));
    }

    private static final String ROLLOUT = "io.batchrollout.core.rollout";

    /** The package of an imported class (static imports and nested types included): its lower-case segments. */
    private static String packageOf(String imported) {
        StringBuilder pkg = new StringBuilder();
        for (String segment : imported.split("\\.")) {
            if (Character.isUpperCase(segment.charAt(0))) {
                break;
            }
            pkg.append(pkg.length() == 0 ? "" : ".").append(segment);
        }
        return pkg.toString();
    }

    /** The rollout packages one rollout package imports, itself left out ("" is the pass, {@code core.rollout}). */
    private static Set<String> rolloutPackagesImportedBy(String sub) {
        String self = sub.isEmpty() ? ROLLOUT : ROLLOUT + "." + sub;
        Set<String> found = new TreeSet<>();
        for (Import i : importsOf("core/rollout" + (sub.isEmpty() ? "" : "/" + sub))) {
            String pkg = packageOf(i.imported());
            if ((pkg.equals(ROLLOUT) || pkg.startsWith(ROLLOUT + ".")) && !pkg.equals(self)) {
                found.add(pkg.equals(ROLLOUT) ? "" : pkg.substring(ROLLOUT.length() + 1));
            }
        }
        return found;
    }

    private static final List<String> STRATEGIES = List.of("inplace", "bluegreen", "waves");

    @Test
    void theRolloutPackagesDependOnlyDownwards() {
        // state (what a pool records, what a decision says) and gate (the health gate, and the phase deadlines it shares,
        // which read the recorded state) stand below every strategy; a
        // strategy sees the others only through them, except that the in-place decider hands blue-green phases (and a
        // blue-green start at rest) to BlueGreenDecider. The pass orchestrates them all; operator actions and the
        // drift report (and getPool's wave standing, which asks the in-place decider whether a pool wants an image)
        // stand beside the pass and read through it, as does the dry-run plan (which reuses the pass's wave, quota and
        // tamper rules, never the in-place decider). Notifications (notify) are a pure function
        // of a written state change, below the pass that feeds them; gated promotion (promotion) decides on the canaries'
        // recorded states, and the drift report shows its standing. Replica remediation (pure: what to change on a
        // version, and what a waiting pool says) stands on the readiness gate alone; the pass and the drift report
        // read it. Nothing below the pass imports it.
        Map<String, Set<String>> allowed = new TreeMap<>(Map.ofEntries(
                Map.entry("state", Set.of()),
                Map.entry("gate", Set.of("state")),
                Map.entry("waves", Set.of("state", "gate")),
                Map.entry("notify", Set.of("state")),
                Map.entry("bluegreen", Set.of("state", "gate")),
                Map.entry("inplace", Set.of("state", "gate", "bluegreen")),
                Map.entry("promotion", Set.of("state")),
                Map.entry("remediation", Set.of()),
                Map.entry("", Set.of("state", "gate", "inplace", "bluegreen", "waves", "notify", "promotion", "remediation")),
                Map.entry("operator", Set.of("state", "gate", "inplace", "bluegreen", "")),
                Map.entry("drift", Set.of("state", "gate", "inplace", "waves", "operator", "promotion", "remediation", "")),
                Map.entry("plan", Set.of("state", "gate", "waves", "bluegreen", "operator", ""))));
        Map<String, Set<String>> beyond = new TreeMap<>();
        allowed.forEach((pkg, may) -> {
            Set<String> extra = new TreeSet<>(rolloutPackagesImportedBy(pkg));
            extra.removeAll(may);
            if (!extra.isEmpty()) {
                beyond.put(pkg.isEmpty() ? "(pass)" : pkg, extra);
            }
        });
        assertEquals(Map.of(), beyond);
    }

    @Test
    void everyRolloutPackageIsCoveredByTheRules() throws IOException {
        try (Stream<Path> dirs = Files.list(MAIN.resolve("core/rollout"))) {
            assertEquals(Set.of("state", "gate", "waves", "bluegreen", "inplace", "operator", "drift", "plan", "notify",
                    "promotion", "remediation"),
                    dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).collect(
                            java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void onlyThePassDependsOnEveryStrategy() {
        List<String> all = Stream.of("", "state", "gate", "waves", "bluegreen", "inplace", "operator", "drift", "plan", "notify",
                        "promotion")
                .filter(pkg -> rolloutPackagesImportedBy(pkg).containsAll(STRATEGIES)).toList();
        assertEquals(List.of(""), all);
    }

    @Test
    void theReadinessGateAndThePolicyStandBelowPoolsAndRollout() {
        assertEquals(List.of(), violations("core/readiness", "io.batchrollout.core.pools", "io.batchrollout.core.rollout"));
        assertEquals(List.of(), violations("core/policy", "io.batchrollout.core.pools", "io.batchrollout.core.rollout",
                "io.batchrollout.core.readiness"));
        assertEquals(List.of(), violations("core/model", "io.batchrollout.core.pools", "io.batchrollout.core.rollout",
                "io.batchrollout.core.readiness", "io.batchrollout.core.policy", "io.batchrollout.port"));
    }

    @Test
    void adaptersDoNotCallFunctions() {
        assertEquals(List.of(), violations("azure", "com.microsoft.azure.functions", "io.batchrollout.functions",
                "io.batchrollout.core.rollout", "io.batchrollout.core.pools"));
    }
}
