package dev.overtime.storage;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ObjectKeysTest {

    private static final UUID JOB = UUID.fromString("01a2518b-3a64-765f-85de-be27aaf8a25d");

    @Test
    void anUploadsKeyIsMadeFromItsRowAndAStoredKeyWins() {
        assertEquals("inputs/01a2518b-3a64-765f-85de-be27aaf8a25d/mask-0", ObjectKeys.inputOf(JOB, "mask", 0, null, null));
        assertEquals("fetched/sha256/ab", ObjectKeys.inputOf(JOB, "image", 0, "fetched/sha256/ab", "https://x/a.png"));
        assertEquals("inputs/old/image-0", ObjectKeys.inputOf(JOB, "image", 0, "inputs/old/image-0", null));
        assertNull(ObjectKeys.inputOf(JOB, "image", 1, null, "https://x/b.png"), "a URL input not fetched yet");
    }

    @Test
    void anOutputsKeyNamesTheAttemptThatWroteIt() {
        assertEquals("outputs/01a2518b-3a64-765f-85de-be27aaf8a25d/2/1", ObjectKeys.outputOf(JOB, 2, 1, null));
        assertEquals("outputs/x/1/0", ObjectKeys.outputOf(JOB, 3, 0, "outputs/x/1/0"));
        assertNull(ObjectKeys.outputOf(JOB, null, 0, null), "written before object storage, not moved yet");
        assertEquals(JOB, ObjectKeys.jobOf(ObjectKeys.outputOf(JOB, 2, 1, null)).orElseThrow());
    }
}
