package io.batchrollout.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTemplateTest {

    private static Optional<Map<String, String>> match(String template, String... path) {
        return RouteTemplate.parse(template).match(List.of(path));
    }

    @Test
    void literalSegmentsMatchIgnoringCase() {
        assertEquals(Optional.of(Map.of()), match("pools", "POOLS"));
        assertTrue(match("pools", "pool").isEmpty());
        assertTrue(match("pools", "pools", "x").isEmpty());
    }

    @Test
    void parameterTakesOneSegmentAndIsRequired() {
        assertEquals(Optional.of(Map.of("poolId", "p-1")), match("pools/{poolId}", "pools", "p-1"));
        assertTrue(match("pools/{poolId}", "pools").isEmpty());
        assertTrue(match("pools/{poolId}", "pools", "a", "b").isEmpty());
    }

    @Test
    void optionalParameterMayBeAbsent() {
        assertEquals(Optional.of(Map.of()), match("pools/{poolId?}", "pools"));
        assertEquals(Optional.of(Map.of("poolId", "p")), match("pools/{poolId?}", "pools", "p"));
    }

    @Test
    void catchAllTakesTheRest() {
        assertEquals(Optional.of(Map.of("rest", "a/b/c")), match("files/{*rest}", "files", "a", "b", "c"));
        assertEquals(Optional.of(Map.of()), match("files/{*rest}", "files"));
    }

    @Test
    void constraintsFilterValues() {
        assertEquals(Optional.of(Map.of("n", "42")), match("items/{n:int}", "items", "42"));
        assertTrue(match("items/{n:int}", "items", "forty-two").isEmpty());
        assertTrue(match("items/{n:int}", "items", "99999999999").isEmpty());
        assertTrue(match("items/{id:guid}", "items", "6f1c2a3e-0000-4000-8000-000000000000").isPresent());
        assertTrue(match("items/{id:guid}", "items", "6f1c2a3e").isEmpty());
    }

    @Test
    void literalsTakePrecedenceOverParameters() {
        assertTrue(RouteTemplate.parse("pools/summary").precedence().compareTo(RouteTemplate.parse("pools/{poolId}").precedence()) < 0);
        assertTrue(RouteTemplate.parse("pools/{n:int}").precedence().compareTo(RouteTemplate.parse("pools/{poolId}").precedence()) < 0);
        assertTrue(RouteTemplate.parse("pools/{poolId}").precedence().compareTo(RouteTemplate.parse("{*all}").precedence()) < 0);
    }

    @Test
    void templatesTheRunnerCannotHonourAreRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> RouteTemplate.parse("pools/{a?}/x"));
        assertThrows(IllegalArgumentException.class, () -> RouteTemplate.parse("pools/v{version}"));
        assertThrows(IllegalArgumentException.class, () -> RouteTemplate.parse("pools/{id:regex(^a$)}"));
        assertThrows(IllegalArgumentException.class, () -> RouteTemplate.parse("pools//x"));
    }
}
