package io.batchrollout.core.rollout.promotion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.batchrollout.core.model.Metadata;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A canary's bake record is metadata: written next to the caller's and the rollout's entries, read back strictly. */
class BakeRecordTest {
    static final Instant T = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void aRecordWrittenIntoAPoolReadsBackTheSameAndKeepsEveryOtherEntry() {
        List<Metadata> current = List.of(new Metadata("team", "render"),
                new Metadata("batch-image-rollout.rollout.phase", "STABLE"),
                new Metadata(BakeRecord.VERDICT, "REJECTED"));
        BakeRecord record = BakeRecord.started("1.1.0", T).decided(BakeRecord.Verdict.PROMOTED, "proved");
        List<Metadata> written = record.writeInto(current);
        assertEquals(Optional.of(record), BakeRecord.of(written));
        assertEquals(new Metadata("team", "render"), written.get(0));
        assertEquals(new Metadata("batch-image-rollout.rollout.phase", "STABLE"), written.get(1));
        assertEquals(6, written.size());
    }

    @Test
    void entriesEditedIntoNonsenseAreUnreadableNotGuessed() {
        assertInstanceOf(BakeRecord.Decoded.Unreadable.class, BakeRecord.decode(List.of(
                new Metadata(BakeRecord.VERSION, "1.1.0"), new Metadata(BakeRecord.SINCE, "yesterday"))));
        assertInstanceOf(BakeRecord.Decoded.Unreadable.class, BakeRecord.decode(List.of(
                new Metadata(BakeRecord.VERSION, "1.1.0"))));
        BakeRecord.Decoded verdict = BakeRecord.decode(List.of(new Metadata(BakeRecord.VERSION, "1.1.0"),
                new Metadata(BakeRecord.SINCE, T.toString()), new Metadata(BakeRecord.VERDICT, "MAYBE")));
        assertTrue(((BakeRecord.Decoded.Unreadable) verdict).reason().contains("MAYBE"));
        assertInstanceOf(BakeRecord.Decoded.Absent.class, BakeRecord.decode(List.of(new Metadata("team", "x"))));
    }
}
