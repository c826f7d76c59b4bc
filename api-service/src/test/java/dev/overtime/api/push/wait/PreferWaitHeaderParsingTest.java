package dev.overtime.api.push.wait;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads {@code wait=N} from {@code Prefer} headers as RFC 7240 writes them, capped by configuration. */
class PreferWaitHeaderParsingTest {

    private static final Duration CAP = Duration.ofSeconds(25);

    @Test
    void readsWaitAmongOtherPreferences() {
        assertEquals(Optional.of(Duration.ofSeconds(10)), PreferWait.parse("respond-async, wait=10", CAP));
        assertEquals(Optional.of(Duration.ofSeconds(3)), PreferWait.parse("wait=3; handling=lenient", CAP));
        assertEquals(Optional.of(Duration.ofSeconds(7)), PreferWait.parse("WAIT = \"7\"", CAP));
    }

    @Test
    void capsLongWaitsAtTheConfiguredMaximum() {
        assertEquals(Optional.of(CAP), PreferWait.parse("wait=600", CAP));
    }

    @Test
    void ignoresMissingZeroAndGarbledWaits() {
        assertEquals(Optional.empty(), PreferWait.parse(null, CAP));
        assertEquals(Optional.empty(), PreferWait.parse("respond-async", CAP));
        assertEquals(Optional.empty(), PreferWait.parse("wait=0", CAP));
        assertEquals(Optional.empty(), PreferWait.parse("wait=soon", CAP));
    }
}
