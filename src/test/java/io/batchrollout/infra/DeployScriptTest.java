package io.batchrollout.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * infra/deploy.sh is checked as far as a machine without Azure allows: it parses, explains itself, refuses to start
 * without its prerequisites (here: a fake az that is too old or not logged in), and hands Maven only properties the
 * pom reads. It never reaches Azure here: every run stops at the prerequisite check.
 */
class DeployScriptTest {
    private static final Path SCRIPT = Path.of("infra", "deploy.sh");

    record Run(int exit, String out) {
    }

    private static Run run(Map<String, String> env, String... args) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")), "bash is needed");
        ProcessBuilder pb = new ProcessBuilder(new java.util.ArrayList<>(List.of("bash", SCRIPT.toString())));
        pb.command().addAll(List.of(args));
        pb.redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "deploy.sh finished");
        return new Run(p.exitValue(), out);
    }

    /** A PATH whose az answers version {@code version} and whose login is {@code loggedIn}; nothing else. */
    private static Map<String, String> fakeAz(Path dir, String version, boolean loggedIn) throws Exception {
        Path az = dir.resolve("az");
        Files.writeString(az, "#!/bin/sh\n[ \"$1\" = version ] && { echo " + version + "; exit 0; }\n"
                + "[ \"$1\" = account ] && exit " + (loggedIn ? 0 : 1) + "\necho \"fake az refuses: $*\" >&2; exit 97\n");
        Files.setPosixFilePermissions(az, java.util.EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.OWNER_WRITE));
        return Map.of("PATH", dir + ":" + System.getenv("PATH"));
    }

    @Test
    void theScriptIsStrictBashAndParses() throws Exception {
        String text = Files.readString(SCRIPT);
        assertTrue(text.startsWith("#!/usr/bin/env bash\n"));
        assertTrue(text.contains("\nset -euo pipefail\n"));
        Process p = new ProcessBuilder("bash", "-n", SCRIPT.toString()).redirectErrorStream(true).start();
        assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void helpNamesTheThreeStagesAndTheWhatIfPreflight() throws Exception {
        Run help = run(Map.of(), "--help");
        assertEquals(0, help.exit());
        for (String expected : List.of("az deployment sub create", "azure-functions:deploy", "deployEventSubscription=true",
                "--what-if", "2.60", "Java 17", "Maven")) {
            assertTrue(help.out().contains(expected), "--help lacks " + expected + ":\n" + help.out());
        }
    }

    @Test
    void anAzureCliOlderThan260StopsBeforeAnythingIsDeployed(@TempDir Path dir) throws Exception {
        Run run = run(fakeAz(dir, "2.45.0", true), "--parameters", "infra/main.parameters.example.json", "--location", "westeurope");
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("Azure CLI 2.45.0 is too old"), run.out());
        assertTrue(!run.out().contains("fake az refuses"), "no deployment command was tried: " + run.out());
    }

    @Test
    void aCliThatIsNotLoggedInStopsWithTheFix(@TempDir Path dir) throws Exception {
        Run run = run(fakeAz(dir, "2.61.0", false), "--check");
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("not logged in: run az login"), run.out());
    }

    @Test
    void withPrerequisitesMetMissingArgumentsAreNamedBeforeAnyAzureCall(@TempDir Path dir) throws Exception {
        Map<String, String> env = fakeAz(dir, "2.67.0", true);
        assertEquals(0, run(env, "--check").exit());
        Run noParameters = run(env, "--location", "westeurope");
        assertEquals(1, noParameters.exit());
        assertTrue(noParameters.out().contains("--parameters FILE is required"), noParameters.out());
        Run unknown = run(env, "--frobnicate");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.out().contains("unknown argument: --frobnicate"), unknown.out());
    }

    @Test
    void theCodeStagePassesOnlyPropertiesThePomReadsAndTheTemplateOutputs() throws Exception {
        String script = Files.readString(SCRIPT);
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher property = Pattern.compile("\"-D([A-Za-z]+)=").matcher(script);
        int count = 0;
        while (property.find()) {
            count++;
            String name = property.group(1);
            assertTrue(pom.contains("${" + name + "}"), "the pom does not read -D" + name);
        }
        assertEquals(7, count, "the code stage's -D properties");
        Matcher output = Pattern.compile("output ([A-Za-z]+)\\)").matcher(script);
        var outputs = InfraTemplate.main().path("outputs");
        while (output.find()) {
            assertTrue(outputs.has(output.group(1)), "main.json has no output " + output.group(1));
        }
        assertTrue(!pom.contains("FUNCTIONS_EXTENSION_VERSION"), "Flex takes the runtime from functionAppConfig");
        assertTrue(pom.contains("<pricingTier>Flex Consumption</pricingTier>"));
        assertTrue(pom.contains("<storageAuthenticationMethod>UserAssignedIdentity</storageAuthenticationMethod>"));
    }
}
