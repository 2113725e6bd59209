package io.batchrollout.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** infra/README.md's parameter table is the template's parameter list: every one documented, none that is gone. */
class InfraReadmeTest {

    @Test
    void theParameterTableDocumentsExactlyTheTemplatesParameters() throws Exception {
        String readme = Files.readString(Path.of("infra", "README.md"));
        String table = readme.substring(readme.indexOf("## Parameters"), readme.indexOf("## ", readme.indexOf("## Parameters") + 3));
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([A-Za-z]+)` \\|").matcher(table);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertEquals(TemplateHygieneTest.names(InfraTemplate.main().path("parameters")), documented);
    }

    @Test
    void requiredParametersAreMarkedRequired() throws Exception {
        String readme = Files.readString(Path.of("infra", "README.md"));
        InfraTemplate.main().path("parameters").fields().forEachRemaining(e -> {
            String required = e.getValue().has("defaultValue") ? "no" : "yes";
            assertEquals(1, Pattern.compile("(?m)^\\| `" + e.getKey() + "` \\| " + required + " \\|").matcher(readme).results().count(),
                    e.getKey() + " documented as required=" + required);
        });
    }
}
