package io.batchrollout.core.readiness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SemanticVersionTest {

    private static SemanticVersion v(String name) {
        return SemanticVersion.parse(name).orElseThrow();
    }

    @Test
    void partsCompareAsNumbersNotText() {
        assertTrue(v("1.10.0").compareTo(v("1.9.0")) > 0);
        assertTrue(v("2.0.0").compareTo(v("1.99.99")) > 0);
        assertTrue(v("1.0.10").compareTo(v("1.0.9")) > 0);
        assertEquals(0, v("01.2.3").compareTo(v("1.2.3")));
    }

    @Test
    void namesThatAreNotThreeNumbersNeverParse() {
        for (String name : List.of("latest", "1.0", "1.0.0.0", "1.0.0-beta", "v1.0.0", "", "99999999999.0.0")) {
            assertEquals(Optional.empty(), SemanticVersion.parse(name), name);
        }
        assertEquals(Optional.empty(), SemanticVersion.parse(null));
    }

    @Test
    void printsAsMajorMinorPatch() {
        assertEquals("1.10.0", v("1.10.0").toString());
    }
}
