package io.batchrollout.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        Path root = MAIN.resolve(relativePackageDir);
        try (Stream<Path> files = Files.walk(root)) {
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
