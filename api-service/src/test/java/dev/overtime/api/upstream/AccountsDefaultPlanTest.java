package dev.overtime.api.upstream;

import dev.overtime.api.support.Edits;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.overtime.api.support.UpstreamAssertions.DEGRADED_HEADER;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** With a configured default plan, an owner never seen before still gets served while accounts is down. */
@QuarkusTest
@TestProfile(StrictOperatorProfile.class)
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class AccountsDefaultPlanTest {

    @Inject
    Fixtures fixtures;

    @Inject
    CircuitBreakerMaintenance circuits;

    private Fixtures.Caller caller;

    @BeforeEach
    void accountsDown() {
        UpstreamStubs.resetAll();
        circuits.resetAll();
        caller = fixtures.newCaller();
        Edits.warmUp(fixtures);
        UpstreamStubs.ACCOUNTS.refuseConnections();
    }

    @Test
    void enforcesTheDefaultPlanDegradedWhenAccountsIsDown() {
        Edits.Timed answer = Edits.submit(caller, "paint the sky blue", 2, null);

        answer.response().then().statusCode(202).header(DEGRADED_HEADER, "accounts").body("degraded", equalTo(true));
        UUID id = UUID.fromString(answer.response().path("id"));
        assertEquals("default", fixtures.textOf("select entitlement_source from image_edit_jobs where id = ?", id));
        assertEquals("starter", fixtures.textOf("select entitlement_plan from image_edit_jobs where id = ?", id));

        Edits.submit(caller, "paint", 3, null).response().then().statusCode(403)
                .body("code", equalTo("NOT_ENTITLED")).header(DEGRADED_HEADER, "accounts");
    }
}
