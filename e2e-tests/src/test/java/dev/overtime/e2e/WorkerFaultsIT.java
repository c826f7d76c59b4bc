package dev.overtime.e2e;

import dev.overtime.localinfra.ServiceProcess;

import io.restassured.response.Response;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fault injection against the packaged services over real Kafka and PostgreSQL: a worker killed or stopped
 * mid-edit, duplicate deliveries, a flaky or broke upstream, cancel in every state, idempotent submission.
 * Every claim is checked with counts: upstream calls (the simulator's), output sets and ledger rows (PostgreSQL).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerFaultsIT {

    /** Short leases, sweeps, timeouts and backoffs, so each fault plays out in seconds. */
    static final Map<String, String> FAST_WORKER = Map.of(
            "OVERTIME_WORKER_LEASE", "3s",
            "OVERTIME_WORKER_SWEEP_INTERVAL", "500ms",
            "OVERTIME_WORKER_REQUEUE_STALE_AFTER", "5s",
            "OVERTIME_WORKER_SHUTDOWN_GRACE", "15s",
            "OVERTIME_WORKER_OPENAI_TIMEOUT", "10s",
            "OVERTIME_WORKER_RETRY_MAX_ATTEMPTS", "10",
            "OVERTIME_WORKER_RETRY_INITIAL_BACKOFF", "200ms",
            "OVERTIME_WORKER_RETRY_MAX_BACKOFF", "2s");

    private static Stack stack;
    private static SimulatorControl simulator;
    private static Edits edits;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(Map.of("OVERTIME_SIMULATOR_LATENCY", "300ms"), FAST_WORKER);
        simulator = new SimulatorControl(stack.simulator());
        edits = Edits.forNewOwner(stack, "faults-" + UUID.randomUUID());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void resetSimulator() {
        simulator.reset();
    }

    @Test
    @Order(1)
    void sameKafkaMessageDeliveredTwiceCallsTheUpstreamOnce() throws Exception {
        simulator.configure("2s", "rate_limit=0");
        String id = edits.accepted("delivered twice", Map.of());
        String record = "{\"schemaVersion\":1,\"jobId\":\"" + id + "\",\"owner\":\"x\",\"requestId\":null,"
                + "\"requestedAt\":\"" + Instant.now() + "\"}";
        try (KafkaProducer<String, String> producer = producer(stack.infra().kafkaBootstrapServers())) {
            producer.send(new ProducerRecord<>("image-edit.requests", id, record)).get();
            producer.send(new ProducerRecord<>("image-edit.requests", id, record)).get();
        }

        edits.awaitStatus(id, "succeeded", Duration.ofSeconds(30));
        assertEquals(1, simulator.editCalls(), simulator.statsJson());
        assertEquals(1, count("select count(*) from image_edit_outputs where job_id = ?::uuid", id));
        assertEquals(1, count("select count(*) from image_edit_attempts where job_id = ?::uuid", id));
        edits.job(id).then().body("attempts", equalTo(1)).body("attemptLog.size()", equalTo(1));
    }

    @Test
    @Order(2)
    void workerKilledMidEditIsTakenOverAndTheJobCompletesOnce() {
        simulator.configure("5s", "rate_limit=0");
        String id = edits.accepted("killed mid-edit", Map.of());
        edits.awaitStatus(id, "running", Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.editCalls() == 1);

        stack.worker().kill();
        stack.startAnotherWorker();

        edits.awaitStatus(id, "succeeded", Duration.ofSeconds(90));
        Response job = edits.job(id);
        job.then().body("attempts", equalTo(2)).body("outputs.size()", equalTo(1))
                .body("attemptLog.size()", equalTo(2))
                .body("attemptLog[0].errorCode", equalTo("ATTEMPT_ABANDONED"))
                .body("attemptLog[1].httpStatus", equalTo(200));
        assertEquals(1, count("select count(*) from image_edit_outputs where job_id = ?::uuid", id), "one output set");
        assertEquals(2, simulator.editCalls(), "the abandoned call and the one that finished");
    }

    @Test
    @Order(2)
    void workerKilledMidStreamLeavesOnlyReferencedPreviewsAndTheJobCompletesOnce() {
        // The simulator streams at once and spreads 12 s over the three events: a preview, a preview, the result.
        simulator.configure("12s", "slow_stream=1.0");
        String id = edits.accepted("killed mid-stream", Map.of("partial_images", "2"));
        await("first preview stored").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> count("select count(*) from image_edit_partial_images where job_id = ?::uuid", id) >= 1);

        stack.worker().kill();
        simulator.configure("300ms", "rate_limit=0");
        stack.startAnotherWorker();

        edits.awaitStatus(id, "succeeded", Duration.ofSeconds(90));
        edits.job(id).then().body("attempts", equalTo(2)).body("outputs.size()", equalTo(1))
                .body("attemptLog[0].errorCode", equalTo("ATTEMPT_ABANDONED"));
        assertEquals(1, count("select count(*) from image_edit_outputs where job_id = ?::uuid", id), "one output set");
        // Every preview and output row points at an object that is really there: each one downloads.
        long previews = count("select count(*) from image_edit_partial_images where job_id = ?::uuid", id);
        assertTrue(previews >= 1);
        for (int index = 0; index < previews; index++) {
            byte[] preview = edits.request().get("/v1/image-edits/" + id + "/partial-images/" + index)
                    .then().statusCode(200).extract().asByteArray();
            assertEquals((byte) 0x89, preview[0], "a PNG");
        }
        byte[] output = edits.output(id, 0);
        assertEquals((byte) 0x89, output[0], "a PNG");
        // The output is the second attempt's (its key, made from the row, names that attempt): the killed one's
        // half-written objects are nobody's and go with the orphan sweep.
        assertEquals(1, count("select count(*) from image_edit_outputs where job_id = ?::uuid and attempt = 2", id),
                "the finishing attempt's output");
    }

    @Test
    @Order(3)
    void sigtermLetsInFlightEditsFinishThenExitsCleanly() {
        simulator.configure("2s", "rate_limit=0");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(edits.accepted("finish before exit " + i, Map.of()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> "running".equals(edits.status(id))));

        ServiceProcess stopping = stack.worker();
        int exit;
        try {
            exit = stopping.terminate(Duration.ofSeconds(30));
        } finally {
            stack.startAnotherWorker();
        }

        assertTrue(exit == 0 || exit == 143, "exit code " + exit + "\n" + stopping.logTail());
        assertTrue(stopping.logTail().contains("shutdown: done"), stopping.logTail());
        for (String id : ids) {
            assertEquals("succeeded", edits.status(id), "finished within the grace period, before exit");
            edits.job(id).then().body("attempts", equalTo(1));
        }
        assertEquals(5, simulator.editCalls());
    }

    @Test
    @Order(4)
    void flakyUpstreamEveryJobSucceedsWithinItsDeadline() {
        simulator.configure("300ms", "rate_limit=0.2,server_error=0.05,hang=0.02");
        int jobs = 40;
        List<String> ids = submitConcurrently(jobs, "flaky upstream", Map.of("deadline", "120"));

        edits.awaitAllTerminal(ids, Duration.ofSeconds(120));
        for (String id : ids) {
            assertEquals("succeeded", edits.status(id), () -> edits.job(id).asString());
        }
        assertEquals(jobs, count("select count(distinct job_id) from image_edit_outputs where job_id = any(?::uuid[])",
                "{" + String.join(",", ids) + "}"));
        long calls = simulator.editCalls();
        long retried = count("select count(*) from image_edit_attempts where job_id = any(?::uuid[]) and error_code is not null",
                "{" + String.join(",", ids) + "}");
        long faulted = simulator.edits("rate_limit") + simulator.edits("server_error") + simulator.edits("hang");
        long answered = simulator.edits("ok");
        // Each job used exactly one answer. An answer can also go unused: its attempt lost its lease while this 2-core
        // machine starved the heartbeat, or timed out as the answer arrived (seen once: 41 answers for 40 jobs). Such
        // an attempt is in the ledger with an error the simulator did not inject.
        assertTrue(answered >= jobs && answered - jobs <= retried - faulted, answered + " answers for " + jobs
                + " jobs, " + retried + " failed attempts, " + faulted + " injected faults: " + simulator.statsJson());
        // Every call the simulator saw is in the ledger.
        assertTrue(jobs + retried >= calls, "every upstream call is in the ledger: " + retried + " retried, "
                + simulator.statsJson());
        assertTrue(retried > 0, "the faults did happen: " + simulator.statsJson());
    }

    @Test
    @Order(5)
    void insufficientQuotaFailsEachJobAtOnceAfterExactlyOneCall() {
        simulator.configure("100ms", "insufficient_quota=1");
        int jobs = 10;
        List<String> ids = submitConcurrently(jobs, "no credit", Map.of());

        edits.awaitAllTerminal(ids, Duration.ofSeconds(30));
        for (String id : ids) {
            edits.job(id).then().body("status", equalTo("failed")).body("error.code", equalTo("INSUFFICIENT_QUOTA"))
                    .body("attempts", equalTo(1)).body("attemptLog[0].httpStatus", equalTo(429));
        }
        assertEquals(jobs, simulator.editCalls(), simulator.statsJson());
        assertEquals(jobs, simulator.edits("insufficient_quota"));
    }

    @Test
    @Order(6)
    void cancelInEachState() {
        // running: the worker notices at its next heartbeat and aborts the upstream call
        simulator.configure("20s", "rate_limit=0");
        String running = edits.accepted("cancel while running", Map.of());
        edits.awaitStatus(running, "running", Duration.ofSeconds(20));
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.editCalls() == 1);
        long asked = System.nanoTime();
        edits.cancel(running).then().statusCode(200).body("status", equalTo("canceled"))
                .body("error.code", equalTo("CANCELED"));
        await("upstream call aborted").atMost(Duration.ofSeconds(10)).until(() -> simulator.edits("cancelled") == 1);
        assertTrue(Duration.ofNanos(System.nanoTime() - asked).toMillis() < 10_000);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                "CANCELED".equals(edits.job(running).path("attemptLog[0].errorCode")));
        assertEquals(0, count("select count(*) from image_edit_outputs where job_id = ?::uuid", running));
        assertEquals("canceled", edits.status(running));

        // queued: a deadline in the past of a job that never started ends it canceled, with no upstream call
        simulator.reset();
        simulator.configure("300ms", "rate_limit=0");
        String late = insertQueuedJobPastItsDeadline();
        edits.awaitStatus(late, "canceled", Duration.ofSeconds(20));
        edits.job(late).then().body("error.code", equalTo("DEADLINE_EXCEEDED")).body("attempts", equalTo(0));

        // finished: cancel is a no-op that answers the job as it is
        String done = edits.accepted("cancel after the end", Map.of());
        edits.awaitStatus(done, "succeeded", Duration.ofSeconds(30));
        edits.cancel(done).then().statusCode(200).body("status", equalTo("succeeded")).body("outputs.size()", equalTo(1));
        assertEquals("succeeded", edits.status(done));
        assertEquals(1, simulator.editCalls(), "only the finished job called the upstream");
    }

    @Test
    @Order(7)
    void idempotencyKeyReplaysConflictsAndReusesWithoutAnUpstreamCall() {
        simulator.configure("300ms", "rate_limit=0");
        String key = "e2e-" + UUID.randomUUID();
        Response first = edits.edit("idempotent", Map.of()).header("Idempotency-Key", key).post("/v1/image-edits");
        first.then().statusCode(202);
        String id = first.path("id");
        edits.edit("idempotent", Map.of()).header("Idempotency-Key", key).post("/v1/image-edits").then()
                .statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(id)).body("status", equalTo("queued"));
        edits.edit("something else", Map.of()).header("Idempotency-Key", key).post("/v1/image-edits").then()
                .statusCode(422).body("code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        edits.awaitStatus(id, "succeeded", Duration.ofSeconds(30));

        edits.submit("idempotent", Map.of("reuse", "true")).then().statusCode(200).body("id", equalTo(id))
                .body("outputs.size()", equalTo(1));
        assertEquals(1, simulator.editCalls(), "one upstream call for the original, none for replay or reuse");
    }

    private List<String> submitConcurrently(int jobs, String prompt, Map<String, String> fields) {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                int n = i;
                futures.add(pool.submit(() -> edits.accepted(prompt + " " + n, fields)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> future : futures) {
                ids.add(future.get());
            }
            return ids;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // A queued job whose deadline passed before any worker took it (as if the workers had been down): the
    // sweeper must end it without calling the upstream.
    private String insertQueuedJobPastItsDeadline() {
        String id = UUID.randomUUID().toString();
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                "insert into image_edit_jobs (id, owner, status, model, prompt, n, size, created_at, updated_at,"
                        + " deadline_at) values (?::uuid, ?, 'queued', 'gpt-image-1.5', 'too late', 1, 'auto', now(),"
                        + " now(), now() - interval '1 second')")) {
            s.setString(1, id);
            s.setString(2, edits.owner());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    static long count(String sql, String param) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void execute(String sql, String param) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws SQLException {
        dev.overtime.localinfra.RealInfrastructure infra = dev.overtime.localinfra.RealInfrastructure.get();
        return DriverManager.getConnection(infra.jdbcUrl(), infra.username(), infra.password());
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }
}
