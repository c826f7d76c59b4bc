package dev.overtime.common;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeOrderedIdsTest {

    @Test
    void idsAreVersion7WithTheirMillisecondFirst() {
        long before = System.currentTimeMillis();
        UUID id = TimeOrderedIds.next();
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
        // This millisecond or, after another test's ids, a little later: never earlier.
        assertTrue(id.getMostSignificantBits() >>> 16 >= before);
        assertEquals(id, UUID.fromString(id.toString()));
    }

    @Test
    void idsGrowWithTimeAndWithinTheSameMillisecondAndNeverRepeat() {
        List<UUID> ids = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TimeOrderedIds.next(now + i / 1000)); // a thousand ids a millisecond
        }
        for (int i = 1; i < ids.size(); i++) {
            // As PostgreSQL orders uuid: the bytes, most significant first (the high halves are positive here).
            assertTrue(ids.get(i - 1).getMostSignificantBits() < ids.get(i).getMostSignificantBits(),
                    "id " + i + " grows");
        }
        assertEquals(ids.size(), new HashSet<>(ids).size());
    }

    @Test
    void aClockThatStepsBackDoesNotMakeIdsGoBack() {
        UUID later = TimeOrderedIds.next(System.currentTimeMillis() + 60_000);
        UUID earlier = TimeOrderedIds.next(System.currentTimeMillis());
        assertTrue(later.getMostSignificantBits() < earlier.getMostSignificantBits());
    }
}
