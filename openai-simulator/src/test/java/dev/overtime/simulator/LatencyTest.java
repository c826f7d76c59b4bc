package dev.overtime.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.simulator.behaviour.Latency;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void parsesFixedDurationsInMillisSecondsAndMinutes() {
        assertEquals(Latency.NONE, Latency.parse("0s"));
        assertEquals(Duration.ofMillis(250), Latency.parse("250ms").min());
        assertEquals(Duration.ofSeconds(8), Latency.parse("8s").max());
        assertEquals(Duration.ofMinutes(2), Latency.parse(" 2m ").min());
    }

    @Test
    void emptyMeansNoLatency() {
        assertEquals(Latency.NONE, Latency.parse(""));
        assertEquals(Latency.NONE, Latency.parse(null));
    }

    @Test
    void parsesRangesAndSamplesWithinThem() {
        Latency latency = Latency.parse("30s-90s");
        assertEquals(Duration.ofSeconds(30), latency.min());
        assertEquals(Duration.ofSeconds(90), latency.max());
        for (int i = 0; i < 1000; i++) {
            Duration sample = latency.sample();
            assertTrue(sample.compareTo(Duration.ofSeconds(30)) >= 0 && sample.compareTo(Duration.ofSeconds(90)) <= 0,
                    sample::toString);
        }
        assertEquals(Duration.ofSeconds(1), Latency.parse("100ms - 1s").max());
    }

    @Test
    void fixedLatencyAlwaysSamplesTheSameValue() {
        assertEquals(Duration.ofMillis(300), Latency.parse("300ms").sample());
    }

    @Test
    void printsBackInTheSameSyntax() {
        assertEquals("30s-90s", Latency.parse("30s-90s").toString());
        assertEquals("250ms", Latency.parse("250ms").toString());
    }

    @Test
    void rejectsMalformedInputWithAnExplanation() {
        for (String bad : new String[] {"8", "fast", "-5s", "1s-2s-3s", "5h", "1.5s"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Latency.parse(bad), bad);
            assertTrue(e.getMessage().contains("Invalid latency '" + bad + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("30s-90s"), e.getMessage());
        }
    }

    @Test
    void rejectsInvertedRanges() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Latency.parse("90s-30s"));
        assertTrue(e.getMessage().contains("upper bound"), e.getMessage());
    }
}
