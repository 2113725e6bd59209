package io.batchrollout.core.rollout.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.Metadata;
import io.batchrollout.core.model.PoolAutoScaleRun;
import io.batchrollout.core.model.ScaleSettings;
import io.batchrollout.core.model.ScaleSettings.NodeDeallocationOption;
import io.batchrollout.core.policy.PoolMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RolloutStateCodecTest {
    static final String V1 = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/galleries/gal/images/ubuntu/versions/1.0.0";
    static final String V2 = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/galleries/gal/images/ubuntu/versions/1.1.0";
    static final Instant T = Instant.parse("2026-01-05T09:00:00Z");

    private static RolloutState drainingWith(ScaleSettings saved) {
        return RolloutState.initial().startRollout(V2, V1, saved, T).reject("0.9.0").withDecision("drain: 1.1.0 is ready");
    }

    private static RolloutState roundTrip(RolloutState state) {
        return ((RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(RolloutStateCodec.encode(state))).state();
    }

    @Test
    void aDrainingStateWithFixedScaleSurvivesTheRoundTrip() {
        RolloutState state = drainingWith(new ScaleSettings.FixedScale(10, 2, Duration.ofMinutes(20), NodeDeallocationOption.TASK_COMPLETION));
        assertEquals(state, roundTrip(state));
    }

    @Test
    void anAutoscaleFormulaLongerThanOneValueIsCutIntoChunksAndJoinedBack() {
        String formula = "$TargetDedicatedNodes = 4; // " + "x".repeat(2500);
        RolloutState state = drainingWith(new ScaleSettings.AutoScale(formula, Duration.ofMinutes(5)));
        List<Metadata> entries = RolloutStateCodec.encode(state);
        assertTrue(entries.stream().allMatch(m -> m.value().length() <= PoolMetadata.MAX_VALUE_LENGTH));
        assertEquals(3, entries.stream().filter(m -> m.name().startsWith(RolloutStateCodec.FORMULA)).count());
        assertEquals(state, roundTrip(state));
    }

    @Test
    void aScaleWithoutDeallocationOptionOrTimeoutSurvivesTheRoundTrip() {
        RolloutState state = drainingWith(new ScaleSettings.FixedScale(3, 0, null, null));
        assertEquals(state, roundTrip(state));
    }

    @Test
    void aRecordedRunningVersionSurvivesTheRoundTripAndAStartedRolloutConsumesIt() {
        RolloutState adopted = RolloutState.initial().withRunning(Optional.of(V1));
        assertEquals(adopted, roundTrip(adopted));
        assertTrue(RolloutStateCodec.encode(adopted).contains(new Metadata(RolloutStateCodec.RUNNING, V1)));
        RolloutState started = adopted.startRollout(V2, V1, new ScaleSettings.FixedScale(2, 0, null, null), T);
        assertEquals(Optional.empty(), roundTrip(started).running());
        assertEquals(Optional.of(V1), adopted.settle(RolloutPhase.BLOCKED, T).running(), "kept at rest");
    }

    /** Entries as the previous app version wrote them (no running entry, a definition as previous) still decode. */
    @Test
    void stateWrittenBeforeTheRunningEntryExistedStillDecodes() {
        String definition = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/galleries/gal/images/ubuntu";
        List<Metadata> old = List.of(new Metadata(RolloutStateCodec.PHASE, "VERIFYING"),
                new Metadata(RolloutStateCodec.SINCE, T.toString()), new Metadata(RolloutStateCodec.TARGET, V2),
                new Metadata(RolloutStateCodec.PREVIOUS, definition),
                new Metadata(RolloutStateCodec.SCALE, "fixed,2,0,PT15M,TaskCompletion"),
                new Metadata(RolloutStateCodec.ATTEMPTS, "1"));

        RolloutState state = ((RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(old)).state();

        assertEquals(RolloutPhase.VERIFYING, state.phase());
        assertEquals(Optional.of(definition), state.previous());
        assertEquals(Optional.empty(), state.running());
    }

    @Test
    void aPoolWithoutStateEntriesIsStable() {
        RolloutStateCodec.Decoded decoded = RolloutStateCodec.decode(List.of(new Metadata("team", "render")));
        assertEquals(RolloutState.initial(), ((RolloutStateCodec.Decoded.Present) decoded).state());
    }

    @Test
    void emptyFieldsAreNotWritten() {
        assertEquals(List.of(new Metadata(RolloutStateCodec.PHASE, "STABLE")), RolloutStateCodec.encode(RolloutState.initial()));
    }

    @Test
    void writingKeepsTheCallersEntriesAndThePolicyAndDropsStaleStateEntries() {
        List<Metadata> current = new ArrayList<>(List.of(new Metadata("team", "render"),
                new Metadata(PoolMetadata.PREFIX + "policy.image", "x"),
                new Metadata(RolloutStateCodec.FORMULA + "0", "old formula"),
                new Metadata(RolloutStateCodec.PHASE, "DRAINING"),
                new Metadata("cost-centre", "42")));
        List<Metadata> written = RolloutStateCodec.writeInto(current, RolloutState.initial().settle(RolloutPhase.STABLE, T));

        assertEquals(List.of(new Metadata("team", "render"), new Metadata(PoolMetadata.PREFIX + "policy.image", "x"),
                new Metadata("cost-centre", "42"), new Metadata(RolloutStateCodec.PHASE, "STABLE"),
                new Metadata(RolloutStateCodec.SINCE, T.toString())), written);
    }

    @Test
    void aLongDecisionIsShortenedToOneValueAndTheNewestRejectionsAreKept() {
        RolloutState state = RolloutState.initial().withDecision("blocked: " + "reason ".repeat(400))
                .withRejected(java.util.stream.IntStream.range(0, 200).mapToObj(i -> "1." + i + ".0").toList());
        List<Metadata> entries = RolloutStateCodec.encode(state);
        assertTrue(entries.stream().allMatch(m -> m.value().length() <= PoolMetadata.MAX_VALUE_LENGTH));
        RolloutState read = roundTrip(state);
        assertEquals("1.199.0", read.rejected().get(read.rejected().size() - 1));
        assertTrue(read.rejected().size() < 200);
    }

    @Test
    void handEditedEntriesAreReportedUnreadableWithTheReason() {
        assertInstanceOf(RolloutStateCodec.Decoded.Unreadable.class,
                RolloutStateCodec.decode(List.of(new Metadata(RolloutStateCodec.PHASE, "SLEEPING"))));
        RolloutStateCodec.Decoded badScale = RolloutStateCodec.decode(List.of(new Metadata(RolloutStateCodec.PHASE, "DRAINING"),
                new Metadata(RolloutStateCodec.SCALE, "fixed,ten,0,PT15M,TaskCompletion")));
        assertInstanceOf(RolloutStateCodec.Decoded.Unreadable.class, badScale);
        RolloutStateCodec.Decoded noPhase = RolloutStateCodec.decode(List.of(new Metadata(RolloutStateCodec.TARGET, V2)));
        assertEquals(Optional.of(RolloutStateCodec.PHASE + " is missing"),
                Optional.of(((RolloutStateCodec.Decoded.Unreadable) noPhase).reason()));
    }

    private static RolloutState movingJob(String job, Optional<BlueGreenLinks.DisabledBy> by) {
        return RolloutState.initial().startBlueGreen(V2, V1, new ScaleSettings.FixedScale(3, 0, null, null), "render",
                "render-v1-1-0", T).enter(RolloutPhase.MOVING_JOBS, T).withLinks(new BlueGreenLinks(Optional.of("render"),
                Optional.of("render-v1-1-0"), Optional.empty(), Optional.of(job), by, List.of("earlier")));
    }

    @Test
    void whoDisabledTheJobBeingMovedSurvivesTheRoundTripAsAShortValue() {
        for (BlueGreenLinks.DisabledBy by : List.of(BlueGreenLinks.DisabledBy.APP, BlueGreenLinks.DisabledBy.FOUND)) {
            RolloutState state = movingJob("nightly", Optional.of(by));
            assertEquals(state, roundTrip(state));
            String value = RolloutStateCodec.encode(state).stream().filter(m -> m.name().equals(RolloutStateCodec.MOVING_DISABLED_BY))
                    .findFirst().orElseThrow().value();
            assertTrue(value.length() <= 5, value);
        }
    }

    @Test
    void aMoveWrittenWithoutWhoDisabledTheJobStillDecodesAsUnrecorded() {
        List<Metadata> legacy = RolloutStateCodec.encode(movingJob("nightly", Optional.of(BlueGreenLinks.DisabledBy.APP))).stream()
                .filter(m -> !m.name().equals(RolloutStateCodec.MOVING_DISABLED_BY)).toList();
        RolloutState read = ((RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(legacy)).state();
        assertEquals(Optional.of("nightly"), read.links().moving());
        assertEquals(Optional.of(BlueGreenLinks.DisabledBy.UNRECORDED), read.links().movingDisabledBy());
        assertEquals(List.of("earlier"), read.links().moved());
        assertEquals(legacy, RolloutStateCodec.encode(read), "an unrecorded move is written back as it was read");
    }

    @Test
    void whoDisabledAJobIsNotWrittenWithoutAJobBeingMovedAndAnUnknownValueIsUnreadable() {
        RolloutState settled = movingJob("nightly", Optional.of(BlueGreenLinks.DisabledBy.FOUND)).settle(RolloutPhase.STABLE, T);
        assertTrue(RolloutStateCodec.encode(settled).stream().noneMatch(m -> m.name().equals(RolloutStateCodec.MOVING_DISABLED_BY)));
        List<Metadata> edited = new ArrayList<>(RolloutStateCodec.encode(movingJob("nightly", Optional.empty())));
        edited.add(new Metadata(RolloutStateCodec.MOVING_DISABLED_BY, "operator"));
        assertInstanceOf(RolloutStateCodec.Decoded.Unreadable.class, RolloutStateCodec.decode(edited));
    }

    @Test
    void aRefusalSurvivesTheRoundTripWithItsMessageShortenedToOneValue() {
        String message = "update pool: The value provided is invalid. [Reason: " + "x".repeat(3000) + "]";
        RolloutState state = drainingWith(new ScaleSettings.FixedScale(4, 0, Duration.ofMinutes(15),
                NodeDeallocationOption.TASK_COMPLETION)).withRefused(Optional.of(new Refusal(Refusal.Kind.CHANGE_IMAGE,
                "1.1.0", 400, "InvalidPropertyValue", T, 2, message)));

        List<Metadata> encoded = RolloutStateCodec.encode(state);
        Refusal back = roundTrip(state).refused().orElseThrow();

        assertTrue(encoded.stream().allMatch(m -> m.value().length() <= PoolMetadata.MAX_VALUE_LENGTH));
        assertEquals(new Refusal(Refusal.Kind.CHANGE_IMAGE, "1.1.0", 400, "InvalidPropertyValue", T, 2, back.message()), back);
        assertTrue(back.message().startsWith("update pool: The value provided is invalid.") && back.message().endsWith("..."));
    }

    @Test
    void aPoolWrittenBeforeRefusalsExistedDecodesWithNone() {
        RolloutState state = drainingWith(new ScaleSettings.FixedScale(4, 0, null, null));
        List<Metadata> old = RolloutStateCodec.encode(state).stream()
                .filter(m -> !m.name().startsWith(RolloutStateCodec.REFUSED)).toList();

        assertEquals(Optional.empty(), roundTrip(state).refused());
        assertEquals(state, ((RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(old)).state());
    }

    @Test
    void theNodesAnAutoscaledPoolRanBeforeTheDrainSurviveTheRoundTripInOneShortEntry() {
        RolloutState state = drainingWith(new ScaleSettings.AutoScale("$TargetDedicatedNodes=8;", Duration.ofMinutes(5)))
                .withSavedNodes(Optional.of(new PoolAutoScaleRun.Targets(8, 2)));

        assertEquals(state, roundTrip(state));
        assertTrue(RolloutStateCodec.encode(state).contains(new Metadata(RolloutStateCodec.PLANNED, "8,2")));
        assertTrue(RolloutStateCodec.encode(state.settle(RolloutPhase.STABLE, T)).stream()
                .noneMatch(m -> m.name().equals(RolloutStateCodec.PLANNED)), "dropped with the saved scale at rest");
    }

    @Test
    void anAutoscaledPoolDrainedBeforeTheCountsWereSavedDecodesWithout() {
        RolloutState state = drainingWith(new ScaleSettings.AutoScale("$TargetDedicatedNodes=8;", Duration.ofMinutes(5)))
                .withSavedNodes(Optional.of(new PoolAutoScaleRun.Targets(8, 2)));
        List<Metadata> old = RolloutStateCodec.encode(state).stream()
                .filter(m -> !m.name().equals(RolloutStateCodec.PLANNED)).toList();

        RolloutState decoded = ((RolloutStateCodec.Decoded.Present) RolloutStateCodec.decode(old)).state();
        assertEquals(Optional.empty(), decoded.savedNodes());
        assertEquals(state.withSavedNodes(Optional.empty()), decoded);
    }

    @Test
    void savedNodesEditedIntoSomethingElseAreUnreadable() {
        List<Metadata> edited = new ArrayList<>(RolloutStateCodec.encode(drainingWith(new ScaleSettings.AutoScale(
                "$TargetDedicatedNodes=8;", Duration.ofMinutes(5)))));
        edited.add(new Metadata(RolloutStateCodec.PLANNED, "eight"));

        assertInstanceOf(RolloutStateCodec.Decoded.Unreadable.class, RolloutStateCodec.decode(edited));
    }
}
