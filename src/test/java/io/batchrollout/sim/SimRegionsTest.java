package io.batchrollout.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One region table for every simulated provider: either spelling of a known region, nothing else. */
class SimRegionsTest {

    @Test
    void displayNameAndProgrammaticNameAreTheSameRegion() {
        assertEquals("westeurope", SimRegions.find("West Europe").orElseThrow().name());
        assertEquals("West Europe", SimRegions.find("westeurope").orElseThrow().displayName());
        assertEquals("eastus2", SimRegions.normalize("East US 2"));
    }

    @Test
    void aRegionTheSimulatorDoesNotKnowIsNotFoundAndSeedingItIsAMistake() {
        assertTrue(SimRegions.find("West Moon").isEmpty());
        assertEquals("westmoon", SimRegions.normalize("West Moon"), "still compared spelling-insensitively");
        assertThrows(IllegalArgumentException.class, () -> SimRegions.require("westmoon"));
    }

    @Test
    void aLocationEndpointForAnUnknownLocationIsArmsNoRegisteredProviderFound() {
        SimException refused = assertThrows(SimException.class,
                () -> SimRegions.requireLocation("westmoon", "locations/usages", "2024-07-01"));
        assertEquals(400, refused.status());
        assertEquals("NoRegisteredProviderFound", refused.code());
        assertTrue(refused.getMessage().contains("'westmoon'") && refused.getMessage().contains("westeurope"));
    }
}
