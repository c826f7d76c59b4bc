package dev.overtime.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overtime.simulator.behaviour.Fault;
import dev.overtime.simulator.behaviour.Faults;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void parsesEveryFaultKind() {
        Faults faults = Faults.parse("rate_limit=0.2,server_error=0.05,hang=0.02,insufficient_quota=0,moderation_blocked=0");
        assertEquals(Map.of(Fault.RATE_LIMIT, 0.2, Fault.SERVER_ERROR, 0.05, Fault.HANG, 0.02,
                Fault.INSUFFICIENT_QUOTA, 0.0, Fault.MODERATION_BLOCKED, 0.0), faults.probabilities());
    }

    @Test
    void noneOrEmptyMeansNoFaults() {
        assertEquals(Faults.NONE, Faults.parse("none"));
        assertEquals(Faults.NONE, Faults.parse(""));
        assertEquals(Optional.empty(), Faults.NONE.roll());
    }

    @Test
    void toleratesSpacesAndUpperCase() {
        assertEquals(2, Faults.parse(" RATE_LIMIT = 0.5 , hang=0.1 ").probabilities().size());
    }

    @Test
    void probabilityOneAlwaysFires() {
        Faults faults = Faults.parse("server_error=1.0");
        for (int i = 0; i < 1000; i++) {
            assertEquals(Optional.of(Fault.SERVER_ERROR), faults.roll());
        }
    }

    @Test
    void firesRoughlyAtTheConfiguredRate() {
        Faults faults = Faults.parse("rate_limit=0.25");
        int hits = 0;
        for (int i = 0; i < 20_000; i++) {
            hits += faults.roll().isPresent() ? 1 : 0;
        }
        assertTrue(hits > 4_000 && hits < 6_000, "hits=" + hits);
    }

    @Test
    void rejectsUnknownFaultsNamingTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Faults.parse("explode=0.5"));
        assertTrue(e.getMessage().contains("unknown fault 'explode'"), e.getMessage());
        assertTrue(e.getMessage().contains("rate_limit"), e.getMessage());
    }

    @Test
    void rejectsProbabilitiesOutsideZeroToOne() {
        for (String bad : new String[] {"rate_limit=1.5", "rate_limit=lots", "rate_limit=-0.1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Faults.parse(bad), bad);
            assertTrue(e.getMessage().contains("between 0 and 1"), e.getMessage());
        }
    }

    @Test
    void rejectsMalformedEntriesDuplicatesAndTotalsAboveOne() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Faults.parse("rate_limit"))
                .getMessage().contains("name=probability"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Faults.parse("hang=0.1,hang=0.2"))
                .getMessage().contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Faults.parse("hang=0.6,server_error=0.6"))
                .getMessage().contains("more than 1"));
    }

    @Test
    void printsBackInTheSameSyntax() {
        assertEquals("rate_limit=0.5", Faults.parse("rate_limit=0.5").toString());
        assertEquals(Faults.parse("server_error=0.2,hang=0.1"), Faults.parse(Faults.parse("hang=0.1,server_error=0.2").toString()));
    }
}
