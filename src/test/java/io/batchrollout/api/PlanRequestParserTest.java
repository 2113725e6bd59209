package io.batchrollout.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.ImageDefinitionId;
import io.batchrollout.core.model.PoolId;
import io.batchrollout.core.rollout.plan.RolloutPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The plan's query: an image definition id, a version by name or id, a format; anything else refused by name. */
class PlanRequestParserTest {
    static final ImageDefinitionId IMAGE = ImageDefinitionId.parse("/subscriptions/00000000-0000-0000-0000-00000000000a/"
            + "resourceGroups/img/providers/Microsoft.Compute/galleries/gal/images/ubuntu");

    private static PlanRequestParser.Parsed parse(String... pairs) {
        Map<String, String> query = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.put(pairs[i], pairs[i + 1]);
        }
        return PlanRequestParser.parse(query);
    }

    private static List<String> refused(PlanRequestParser.Parsed parsed) {
        return assertInstanceOf(PlanRequestParser.Parsed.Refused.class, parsed).errors().stream()
                .map(e -> e.pointer() + " " + e.detail()).toList();
    }

    @Test
    void aDefinitionIdWithAVersionNameOrTheSameVersionsIdIsAccepted() {
        var byName = assertInstanceOf(PlanRequestParser.Parsed.Accepted.class, parse("Image", IMAGE.toString(),
                "version", "1.2.0", "FORMAT", "Markdown", "code", "key"));
        var byId = assertInstanceOf(PlanRequestParser.Parsed.Accepted.class, parse("image", IMAGE.toString(),
                "version", IMAGE.version("1.2.0").toString()));
        var newest = assertInstanceOf(PlanRequestParser.Parsed.Accepted.class, parse("image", IMAGE.toString()));

        assertEquals(Optional.of("1.2.0"), byName.version());
        assertEquals(PlanRequestParser.Format.MARKDOWN, byName.format());
        assertEquals(byName.version(), byId.version());
        assertEquals(PlanRequestParser.Format.JSON, byId.format());
        assertEquals(Optional.empty(), newest.version());
        assertEquals(IMAGE, newest.definition());
    }

    @Test
    void eachBadParameterIsNamedWithWhatToDoInstead() {
        assertTrue(refused(parse()).get(0).startsWith("#/query/image query parameter image is required"));
        assertTrue(refused(parse("image", IMAGE.version("1.0.0").toString())).get(0)
                .contains("give its image definition as image and the version as version=1.0.0"));
        assertTrue(refused(parse("image", IMAGE.gallery().toString())).get(0).contains("expected a gallery image definition id"));
        assertTrue(refused(parse("image", "ubuntu")).get(0).startsWith("#/query/image"));
        assertTrue(refused(parse("image", IMAGE.toString(), "version", "latest")).get(0)
                .contains("must be a gallery image version name, Major.Minor.Patch"));
        assertTrue(refused(parse("image", IMAGE.toString(), "version",
                IMAGE.toString().replace("ubuntu", "windows") + "/versions/1.0.0")).get(0).contains("is a version of"));
        assertEquals(List.of("#/query/pageSize query parameter pageSize is not a parameter of the plan; use image, "
                        + "version and format", "#/query/format query parameter format must be json or markdown, not 'html'"),
                refused(parse("image", IMAGE.toString(), "pageSize", "5", "format", "html")));
    }

    @Test
    void markdownCellsNeverBreakTheTable() {
        assertEquals("a \\| b c \\\\", RolloutPlanMarkdown.cell("a | b\r\nc \\"));
    }

    @Test
    void jsonNamesActionsStrategiesAndAnAbsentWaveAsTheContractSays() {
        RolloutPlan.PoolPlan line = new RolloutPlan.PoolPlan(3, OptionalInt.empty(), PoolId.parse(IMAGE.toString()
                .replace("Microsoft.Compute/galleries/gal/images/ubuntu", "Microsoft.Batch/batchAccounts/acc/pools/p")),
                io.batchrollout.core.model.BatchAccountId.parse(IMAGE.toString().replace(
                        "Microsoft.Compute/galleries/gal/images/ubuntu", "Microsoft.Batch/batchAccounts/acc")),
                io.batchrollout.core.policy.RolloutStrategy.BLUE_GREEN, "1.0.0", RolloutPlan.Action.SKIP,
                RolloutPlan.Why.QUOTA, "blocked", new RolloutPlan.GateView(true, "westeurope", 2, 1, 1, Optional.empty(),
                List.of()), Optional.of(new RolloutPlan.QuotaView(false, "no")), Optional.empty());

        var json = RolloutPlanJson.pool(line);

        assertTrue(json.path("wave").isNull());
        assertEquals("skip", json.path("action").asText());
        assertEquals("blueGreen", json.path("strategy").asText());
        assertEquals("quota", json.path("whyCode").asText());
        assertTrue(json.path("readiness").path("replicationState").isNull());
        assertTrue(json.path("capacityDown").isNull());
        assertEquals(false, json.path("quota").path("ok").asBoolean());
    }
}
