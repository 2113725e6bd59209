package io.batchrollout.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The simulator is a second, independent implementation of Azure's behaviour: if it parsed ids, names or regions with
 * the app's own classes, a bug in one of them would be agreed on by both sides and no test could see it. So a
 * simulator implementation class names no app package other than the two seams: {@code io.batchrollout.azure} (to
 * point the real clients at the simulator) and {@code io.batchrollout.port}.
 *
 * <p>Under {@code sim/}, only the simulator's own tests ({@code *Test.java}) may name the app's model; its test support
 * ({@code *World.java}, {@code *TestSupport.java}) keeps to the seams like the implementation, and no implementation
 * class uses it. Worlds that build fleets through the app's clients and model live outside the simulator, in
 * {@code io.batchrollout.testworld} ({@code BatchWorld}).
 */
class SimulatorIndependenceTest {
    private static final Path SIM = Path.of("src/test/java/io/batchrollout/sim");
    private static final Set<String> SEAMS = Set.of("sim", "azure", "port");
    private static final Pattern APP_REFERENCE = Pattern.compile("\\bio\\.batchrollout\\.(\\w+)(?:\\.[\\w.*]+)?");
    private static final Pattern TEST_CODE = Pattern.compile(".*(Test|World|TestSupport)\\.java$");

    private record Reference(String file, String named) {
        @Override
        public String toString() {
            return file + " names " + named;
        }
    }

    @Test
    void theSimulatorSourcesAreWhereTheTestLooks() {
        assertTrue(implementationFiles().size() > 40, "few simulator classes found under " + SIM.toAbsolutePath());
        assertTrue(testSupportFiles().stream().anyMatch(f -> f.endsWith("GalleryTestSupport.java")));
    }

    @Test
    void theSimulatorsTestSupportNamesNoAppClassOutsideTheSeamsEither() {
        List<Reference> found = new ArrayList<>();
        for (Path file : testSupportFiles()) {
            found.addAll(appReferences(SIM.relativize(file).toString(), read(file)));
        }
        assertEquals(List.of(), found);
    }

    @Test
    void noSimulatorImplementationClassNamesAnAppClassOutsideTheAzureAndPortSeams() {
        List<Reference> found = new ArrayList<>();
        for (Path file : implementationFiles()) {
            found.addAll(appReferences(SIM.relativize(file).toString(), read(file)));
        }
        assertEquals(List.of(), found);
    }

    @Test
    void noSimulatorImplementationClassUsesTheTestSupportThatMayNameTheApp() {
        List<String> supportClasses = testSupportFiles().stream()
                .map(f -> f.getFileName().toString().replace(".java", "")).toList();
        List<Reference> found = new ArrayList<>();
        for (Path file : implementationFiles()) {
            String text = read(file);
            supportClasses.stream().filter(c -> Pattern.compile("\\b" + c + "\\b").matcher(text).find())
                    .forEach(c -> found.add(new Reference(SIM.relativize(file).toString(), c)));
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theScanSeesImportsWildcardsStaticImportsAndFullyQualifiedNames() {
        String sample = """
                import io.batchrollout.core.model.ArmId;
                import io.batchrollout.config.*;
                import static io.batchrollout.api.Json.read;
                import io.batchrollout.azure.AzureTarget;
                import io.batchrollout.port.AzureCallException;
                import io.batchrollout.sim.SimState;
                class X { String r = io.batchrollout.functions.Drift.class.getName(); }
                """;
        assertEquals(List.of("io.batchrollout.core.model.ArmId", "io.batchrollout.config.*", "io.batchrollout.api.Json.read",
                        "io.batchrollout.functions.Drift.class.getName"),
                appReferences("X.java", sample).stream().map(Reference::named).toList());
    }

    private static List<Reference> appReferences(String file, String source) {
        List<Reference> found = new ArrayList<>();
        Matcher m = APP_REFERENCE.matcher(source);
        while (m.find()) {
            if (!SEAMS.contains(m.group(1))) {
                found.add(new Reference(file, m.group()));
            }
        }
        return found;
    }

    private static List<Path> implementationFiles() {
        return javaFiles().stream().filter(f -> !TEST_CODE.matcher(f.getFileName().toString()).matches()).toList();
    }

    private static List<Path> testSupportFiles() {
        return javaFiles().stream().filter(f -> TEST_CODE.matcher(f.getFileName().toString()).matches())
                .filter(f -> !f.getFileName().toString().endsWith("Test.java")).toList();
    }

    private static List<Path> javaFiles() {
        try (Stream<Path> files = Files.walk(SIM)) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            assertFalse(all.isEmpty(), "no sources under " + SIM.toAbsolutePath());
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
