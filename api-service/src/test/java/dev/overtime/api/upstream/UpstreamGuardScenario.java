package dev.overtime.api.upstream;

import dev.overtime.api.support.Edits;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.IncidentLog;
import dev.overtime.api.support.UpstreamStubs;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every upstream-guard scenario starts from: stubs answering normally, closed circuits, a
 * fresh caller, a warmed-up API (so class loading stays out of the timings) and a captured log.
 */
abstract class UpstreamGuardScenario {

    @Inject
    Fixtures fixtures;

    @Inject
    CircuitBreakerMaintenance circuits;

    Fixtures.Caller caller;
    IncidentLog incidents;

    @BeforeEach
    void freshUpstreams() {
        UpstreamStubs.resetAll();
        circuits.resetAll();
        caller = fixtures.newCaller();
        Edits.warmUp(fixtures);
        incidents = IncidentLog.capture();
    }

    @AfterEach
    void stopCapturing() {
        incidents.close();
    }
}
