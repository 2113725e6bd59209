package io.batchrollout.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads what `mvn package` hands to Azure (target/azure-functions/{app}/): one function.json per function with the
 * bindings the host will index, the app jar and lib/. Runs in `mvn verify`, after `package`.
 */
class FunctionBindingsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path appDir;
    private static Map<String, JsonNode> functions;

    @BeforeAll
    static void readTheDeployedFolder() throws IOException {
        String dir = System.getProperty("functionAppDir");
        assertTrue(dir != null && !dir.isBlank(), "the pom sets the system property functionAppDir");
        appDir = Paths.get(dir);
        assertTrue(Files.isDirectory(appDir), appDir + " does not exist: did `package` run the azure-functions plugin?");
        functions = new TreeMap<>();
        try (Stream<Path> entries = Files.list(appDir)) {
            for (Path folder : entries.filter(p -> Files.isRegularFile(p.resolve("function.json"))).toList()) {
                functions.put(folder.getFileName().toString(), JSON.readTree(folder.resolve("function.json").toFile()));
            }
        }
    }

    private static JsonNode binding(String function, String type) {
        for (JsonNode binding : functions.get(function).path("bindings")) {
            if (binding.path("type").asText().equals(type)) {
                return binding;
            }
        }
        return fail(function + " has no " + type + " binding: " + functions.get(function));
    }

    @Test
    void exactlyTheListedFunctionsAreDeployed() {
        assertEquals(Set.of("galleryImageVersionEvent", "driftCheck", "createPool", "getPool", "listPools", "driftReport",
                        "rolloutAction", "adoptPool", "plan", "dashboard"),
                functions.keySet());
        assertTrue(Files.isRegularFile(appDir.resolve("host.json")), "host.json is deployed");
    }

    @Test
    void httpFunctionsHaveTheirRouteMethodFunctionKeyAndHttpOutput() {
        Map<String, List<String>> expected = Map.of(
                "createPool", List.of("pools", "POST"),
                "getPool", List.of("pools/{poolId}", "GET"),
                "listPools", List.of("pools", "GET"),
                "driftReport", List.of("drift", "GET"),
                "rolloutAction", List.of("pools/{poolId}/rollout", "POST"),
                "adoptPool", List.of("pools/{poolId}/adopt", "POST"),
                "plan", List.of("plan", "GET"),
                "dashboard", List.of("dashboard", "GET"));
        for (Map.Entry<String, List<String>> e : expected.entrySet()) {
            String name = e.getKey();
            assertEquals(2, functions.get(name).path("bindings").size(), name + ": " + functions.get(name));
            JsonNode trigger = binding(name, "httpTrigger");
            assertEquals("in", trigger.path("direction").asText(), name);
            assertEquals(e.getValue().get(0), trigger.path("route").asText(), name);
            assertEquals(List.of(e.getValue().get(1)), texts(trigger.path("methods")), name);
            assertEquals("FUNCTION", trigger.path("authLevel").asText(), name);
            JsonNode output = binding(name, "http");
            assertEquals("out", output.path("direction").asText(), name);
            assertEquals("$return", output.path("name").asText(), name);
        }
    }

    @Test
    void eventGridFunctionHasOnlyItsTrigger() {
        JsonNode bindings = functions.get("galleryImageVersionEvent").path("bindings");
        assertEquals(1, bindings.size(), bindings.toString());
        JsonNode trigger = binding("galleryImageVersionEvent", "eventGridTrigger");
        assertEquals("in", trigger.path("direction").asText());
        assertEquals("event", trigger.path("name").asText());
    }

    @Test
    void timerReadsItsScheduleFromTheDriftScheduleSetting() {
        JsonNode bindings = functions.get("driftCheck").path("bindings");
        assertEquals(1, bindings.size(), bindings.toString());
        JsonNode trigger = binding("driftCheck", "timerTrigger");
        assertEquals("in", trigger.path("direction").asText());
        assertEquals("timer", trigger.path("name").asText());
        assertEquals("%DRIFT_SCHEDULE%", trigger.path("schedule").asText());
    }

    @Test
    void scriptFileAndEntryPointNameAClassAndMethodInTheDeployedJar() throws Exception {
        for (Map.Entry<String, JsonNode> f : functions.entrySet()) {
            Path jar = appDir.resolve(f.getKey()).resolve(f.getValue().path("scriptFile").asText()).normalize();
            assertTrue(Files.isRegularFile(jar), f.getKey() + ": scriptFile " + jar + " does not exist");
            String entryPoint = f.getValue().path("entryPoint").asText();
            int dot = entryPoint.lastIndexOf('.');
            String className = entryPoint.substring(0, dot);
            String methodName = entryPoint.substring(dot + 1);
            try (JarFile jarFile = new JarFile(jar.toFile())) {
                assertTrue(jarFile.getEntry(className.replace('.', '/') + ".class") != null,
                        f.getKey() + ": " + className + " is not in " + jar.getFileName());
            }
            Class<?> type = Class.forName(className);
            assertTrue(Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals(methodName)),
                    f.getKey() + ": " + className + " has no public method " + methodName);
        }
    }

    @Test
    void noSimulatorLocalRunnerOrTestClassesAreDeployed() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.walk(appDir)) {
            files.filter(p -> p.toString().endsWith(".jar")).forEach(jars::add);
        }
        assertTrue(jars.size() > 1, "the app jar and its lib/ are deployed: " + jars);
        Set<String> testOnly = new TreeSet<>();
        for (Path jar : jars) {
            String name = jar.getFileName().toString().toLowerCase();
            if (name.contains("junit") || name.contains("opentest4j") || name.contains("apiguardian")) {
                testOnly.add(name);
            }
            try (JarFile jarFile = new JarFile(jar.toFile())) {
                jarFile.stream().map(e -> e.getName())
                        .filter(n -> n.startsWith("io/batchrollout/sim/") || n.startsWith("io/batchrollout/local/")
                                || n.startsWith("io/batchrollout/packaging/") || n.startsWith("org/junit/")
                                || n.equals("sim/sim-tls.p12")
                                || n.startsWith("io/batchrollout/") && (n.endsWith("Test.class") || n.endsWith("IT.class")))
                        .forEach(n -> testOnly.add(jar.getFileName() + "!" + n));
            }
        }
        assertEquals(Set.of(), testOnly, "test-only code reached the deployed package");
    }

    @Test
    void theAppJarHoldsTheFunctionClasses() throws IOException {
        Path jar = appDir.resolve(functions.get("createPool").path("scriptFile").asText().replace("../", ""));
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            assertFalse(jarFile.stream().noneMatch(e -> e.getName().startsWith("io/batchrollout/functions/")));
        }
    }

    /** The dashboard reads its page, style and scripts from the app jar at run time: they must be in it. */
    @Test
    void theAppJarHoldsTheDashboardsPageStyleAndScripts() throws IOException {
        Path jar = appDir.resolve(functions.get("dashboard").path("scriptFile").asText().replace("../", ""));
        Set<String> expected = Set.of("dashboard.html", "dashboard.css", "dashboard-view.js", "dashboard-pools.js",
                "dashboard-images.js", "dashboard-actions.js", "dashboard-main.js");
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            Set<String> found = new TreeSet<>();
            jarFile.stream().map(e -> e.getName()).filter(n -> n.startsWith("io/batchrollout/dashboard/") && !n.endsWith("/"))
                    .forEach(n -> found.add(n.substring("io/batchrollout/dashboard/".length())));
            assertEquals(new TreeSet<>(expected), found);
            for (String name : expected) {
                assertTrue(jarFile.getEntry("io/batchrollout/dashboard/" + name).getSize() > 100, name + " is empty");
            }
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
