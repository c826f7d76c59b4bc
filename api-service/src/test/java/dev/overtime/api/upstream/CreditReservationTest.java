package dev.overtime.api.upstream;

import dev.overtime.api.support.Edits;
import dev.overtime.api.support.TestImages;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Credits are reserved at submit: edits accepted moments ago count against the balance the accounts service reports
 * (it may not show them yet), so concurrent submits can't all spend the same credits. Accounts is WireMock here.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class CreditReservationTest extends UpstreamGuardScenario {

    private void balance(long remainingCredits) {
        UpstreamStubs.ACCOUNTS.server().stubFor(get(urlEqualTo("/accounts/" + caller.owner() + "/entitlements"))
                .willReturn(UpstreamStubs.json("""
                        {"owner":"o","plan":"basic","remainingCredits":%d,"allowedModels":[],"maxN":4}""".formatted(remainingCredits))));
    }

    @Test
    void eightConcurrentEditsAgainstThreeCreditsAcceptExactlyThree() throws Exception {
        balance(3);
        // Eight: the upload budget (512 MB) admits eight bodies without a Content-Length (64 MB each) at once.
        Edits.AtOnce answers = Edits.atOnce(8, i -> Edits.submit(caller, "edit " + i).response());

        assertEquals(Map.of(202, 3L, 402, 5L), answers.byStatus(), answers.otherThan(202));
        answers.withStatus(402).forEach(r -> r.then().body("code", equalTo("CREDITS_EXHAUSTED")));
        assertEquals(3, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void reservesEachEditsNAndRefusesWhatNoLongerFits() {
        balance(5);

        Edits.submit(caller, "first", 2, null).response().then().statusCode(202);
        Edits.submit(caller, "second", 2, null).response().then().statusCode(202);
        Edits.submit(caller, "third", 2, null).response().then().statusCode(402)
                .body("code", equalTo("CREDITS_EXHAUSTED"))
                .body("message", equalTo("The plan 'basic' has 5 credits left, 4 of them reserved by edits accepted "
                        + "in the last 120 s; this edit needs 2."));
        Edits.submit(caller, "fourth", 1, null).response().then().statusCode(202);

        assertEquals(3, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void aSubmitThatRollsBackReservesNothing() {
        balance(1);

        // No webhook signing secret exists for this owner: the job is refused after its credits were counted.
        given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", TestImages.photo(32, 32), "image/png")
                .multiPart("prompt", "paint").multiPart("webhook", "https://example.com/hook")
                .post("/v1/image-edits").then().statusCode(400).body("param", equalTo("webhook"));
        Edits.submit(caller, "paint").response().then().statusCode(202);

        assertEquals(1, fixtures.jobsOf(caller.owner()));
    }
}
