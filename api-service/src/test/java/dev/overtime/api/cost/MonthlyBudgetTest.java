package dev.overtime.api.cost;

import dev.overtime.api.owners.service.OwnerLimitBudgets;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.api.support.UpstreamStubs;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Monthly budgets: a submit whose estimate would take the owner's month over budget is refused 402 BUDGET_EXCEEDED
 * with nothing stored, concurrent submits never reserve past the budget, and a job that ends gives back what it
 * still held. The estimate of the edit submitted here (gpt-image-1.5, a 21-byte prompt, one input image, one low
 * 1024x1024 output) is (21 x $5 + 1500 x $8 + 272 x $32) / 10^6 = $0.020809.
 */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(UpstreamStubs.class)
class MonthlyBudgetTest {

    private static final byte[] PHOTO = TestImages.photo(64, 64);
    private static final BigDecimal ESTIMATE = new BigDecimal("0.020809");

    @Inject
    Fixtures fixtures;

    private final Map<String, BigDecimal> budgets = new ConcurrentHashMap<>();

    @BeforeEach
    void budgetsOfThisTest() {
        // A subclass: the bean's client proxy is of the configured implementation's type.
        QuarkusMock.installMockForType(new OwnerLimitBudgets(null) {
            @Override
            public Optional<BigDecimal> monthlyBudgetUsd(String owner) {
                return Optional.ofNullable(budgets.get(owner));
            }
        }, OwnerBudgets.class);
    }

    @Test
    void aSubmitOverTheBudgetIsRefused402AndStoresNothing() {
        Fixtures.Caller caller = fixtures.newCaller();
        budgets.put(caller.owner(), new BigDecimal("0.02"));
        long outbox = fixtures.countRows("select count(*) from outbox");

        submit(caller).then().statusCode(402)
                .body("code", equalTo("BUDGET_EXCEEDED"))
                .body("message", containsString("$0.02"))
                .body("message", containsString("$0.020809"));

        assertEquals(0, fixtures.jobsOf(caller.owner()));
        assertEquals(0, fixtures.countRows("""
                select count(*) from image_edit_inputs i join image_edit_jobs j on j.id = i.job_id
                 where j.owner = ?""", caller.owner()));
        assertEquals(outbox, fixtures.countRows("select count(*) from outbox"), "nothing announced");
        assertEquals(0, fixtures.countRows("select count(*) from owner_monthly_spend where owner = ? and reserved_usd > 0",
                caller.owner()));
    }

    @Test
    void aSubmitWithinTheBudgetReservesItsEstimateOnTheJobAndTheMonth() {
        Fixtures.Caller caller = fixtures.newCaller();
        budgets.put(caller.owner(), new BigDecimal("1.00"));

        String id = submit(caller).then().statusCode(202).extract().path("id");

        assertAmount(ESTIMATE, fixtures.textOf("select reserved_usd from image_edit_jobs where id = ?",
                UUID.fromString(id)));
        assertAmount(ESTIMATE, reserved(caller));
        assertAmount(BigDecimal.ZERO, spent(caller));
    }

    @Test
    void aSpendAlreadyCloseToTheBudgetRefusesTheNextEdit() {
        Fixtures.Caller caller = fixtures.newCaller();
        budgets.put(caller.owner(), new BigDecimal("1.00"));
        fixtures.execute("""
                insert into owner_monthly_spend (owner, month, spent_usd)
                values (?, date_trunc('month', now() at time zone 'UTC')::date, 0.99)""", caller.owner());

        submit(caller).then().statusCode(402).body("code", equalTo("BUDGET_EXCEEDED"))
                .body("message", containsString("$0.99 is spent"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
    }

    @Test
    void concurrentSubmitsNeverReservePastTheBudget() throws Exception {
        Fixtures.Caller caller = fixtures.newCaller();
        // Room for five estimates, not six.
        BigDecimal budget = new BigDecimal("0.11");
        budgets.put(caller.owner(), budget);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return submitPastOverload(caller);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertEquals(5, statuses.stream().filter(status -> status == 202).count(), statuses.toString());
            assertEquals(15, statuses.stream().filter(status -> status == 402).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(5, fixtures.jobsOf(caller.owner()));
        BigDecimal reserved = reserved(caller);
        assertAmount(ESTIMATE.multiply(BigDecimal.valueOf(5)), reserved.toPlainString());
        assertTrue(reserved.compareTo(budget) <= 0, "reserved " + reserved + " within " + budget);
        assertAmount(reserved, fixtures.textOf("select sum(reserved_usd) from image_edit_jobs where owner = ?",
                caller.owner()));
    }

    @Test
    void aCanceledJobGivesItsReservationBack() {
        Fixtures.Caller caller = fixtures.newCaller();
        budgets.put(caller.owner(), new BigDecimal("1.00"));
        String id = submit(caller).then().statusCode(202).extract().path("id");
        assertAmount(ESTIMATE, reserved(caller));

        given().header("Authorization", caller.bearer()).post("/v1/image-edits/" + id + "/cancel")
                .then().statusCode(200).body("status", equalTo("canceled"));

        assertAmount(BigDecimal.ZERO, reserved(caller));
        assertAmount(BigDecimal.ZERO, fixtures.textOf("select reserved_usd from image_edit_jobs where id = ?",
                UUID.fromString(id)));
    }

    @Test
    void aBatchIsReservedWholeOrRefusedWhole() {
        Fixtures.Caller caller = fixtures.newCaller();
        // Each item: one image by URL, a 10-byte prompt, one low output of "auto" size (1536x1024, 408 tokens):
        // (10 x 5 + 1500 x 8 + 408 x 32) / 10^6 = 0.025106. Three fit in 0.08, four don't.
        budgets.put(caller.owner(), new BigDecimal("0.08"));

        batch(caller, 4).then().statusCode(402).body("code", equalTo("BUDGET_EXCEEDED"))
                .body("message", containsString("$0.100424"));
        assertEquals(0, fixtures.jobsOf(caller.owner()));
        assertEquals(0, fixtures.countRows("select count(*) from image_edit_batches where owner = ?", caller.owner()));

        String id = batch(caller, 3).then().statusCode(202).extract().path("id");
        assertEquals(3, fixtures.jobsOf(caller.owner()));
        assertAmount(new BigDecimal("0.075318"), reserved(caller));

        // Canceling the batch cancels its items, and each gives its estimate back.
        given().header("Authorization", caller.bearer()).post("/v1/image-edit-batches/" + id + "/cancel")
                .then().statusCode(200).body("counts.canceled", equalTo(3));
        assertAmount(BigDecimal.ZERO, reserved(caller));
    }

    private static Response batch(Fixtures.Caller who, int items) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < items; i++) {
            list.append(i == 0 ? "" : ",").append("{\"image_url\": \"https://images.example.com/p").append(i)
                    .append(".png\"}");
        }
        return given().header("Authorization", who.bearer()).contentType("application/json")
                .body("""
                        {"defaults": {"prompt": "batch item", "quality": "low"}, "items": [%s]}""".formatted(list))
                .post("/v1/image-edit-batches");
    }

    @Test
    void anOwnerWithoutABudgetIsNeverRefusedNorReserved() {
        Fixtures.Caller caller = fixtures.newCaller();

        submit(caller).then().statusCode(202);

        assertEquals(0, fixtures.countRows("select count(*) from owner_monthly_spend where owner = ?",
                caller.owner()));
    }

    private Response submit(Fixtures.Caller who) {
        return given().header("Authorization", who.bearer())
                .multiPart("image", "photo.png", PHOTO, "image/png")
                .multiPart("prompt", "paint the square blue")
                .multiPart("quality", "low")
                .multiPart("size", "1024x1024")
                .post("/v1/image-edits");
    }

    // Twenty uploads at once pass the API's upload budget (503 OVERLOADED, Retry-After: 2); a client sends again.
    private int submitPastOverload(Fixtures.Caller who) {
        AtomicInteger status = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    status.set(submit(who).statusCode());
                    return status.get() != 503;
                });
        return status.get();
    }

    private BigDecimal reserved(Fixtures.Caller caller) {
        return month(caller, "reserved_usd");
    }

    private BigDecimal spent(Fixtures.Caller caller) {
        return month(caller, "spent_usd");
    }

    private BigDecimal month(Fixtures.Caller caller, String column) {
        String value = fixtures.textOf("select " + column + " from owner_monthly_spend"
                + " where owner = ? and month = date_trunc('month', now() at time zone 'UTC')::date", caller.owner());
        return value == null ? BigDecimal.ZERO : new BigDecimal(value);
    }

    private static void assertAmount(BigDecimal expected, String actual) {
        assertTrue(actual != null && expected.compareTo(new BigDecimal(actual)) == 0,
                "expected " + expected + " but was " + actual);
    }

    private static void assertAmount(BigDecimal expected, BigDecimal actual) {
        assertAmount(expected, actual.toPlainString());
    }
}
