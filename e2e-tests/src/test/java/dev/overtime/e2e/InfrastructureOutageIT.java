package dev.overtime.e2e;

import dev.overtime.localinfra.KafkaServer;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker and the database go away under load and come back: nothing that got a 202 is lost, nothing runs
 * twice, and while PostgreSQL is down the API answers 503 envelopes fast instead of hanging.
 */
class InfrastructureOutageIT {

    // Outages put the machine under load (hundreds of re-announcements, reconnect storms); leases and
    // timeouts stay short enough for a quick test but long enough that a slow heartbeat is not a dead worker.
    private static final Map<String, String> OUTAGE_WORKER = Map.of(
            "OVERTIME_WORKER_LEASE", "15s",
            "OVERTIME_WORKER_SWEEP_INTERVAL", "1s",
            "OVERTIME_WORKER_REQUEUE_STALE_AFTER", "10s",
            "OVERTIME_WORKER_SHUTDOWN_GRACE", "15s",
            "OVERTIME_WORKER_OPENAI_TIMEOUT", "60s",
            "OVERTIME_WORKER_RETRY_MAX_ATTEMPTS", "10",
            "OVERTIME_WORKER_RETRY_INITIAL_BACKOFF", "200ms",
            "OVERTIME_WORKER_RETRY_MAX_BACKOFF", "2s");

    @Test
    void kafkaStoppedWhileAccepting200JobsThenRestartedAllEndOnce() throws Exception {
        try (KafkaServer kafka = KafkaServer.startFresh();
             Stack stack = Stack.start(kafka.bootstrapServers(), Map.of("OVERTIME_SIMULATOR_LATENCY", "100ms"),
                     OUTAGE_WORKER)) {
            SimulatorControl simulator = new SimulatorControl(stack.simulator());
            Edits edits = Edits.forNewOwner(stack, "kafka-outage-" + UUID.randomUUID());
            List<String> ids = Collections.synchronizedList(new ArrayList<>());
            int jobs = 200;

            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> submissions = new ArrayList<>();
                for (int i = 0; i < jobs; i++) {
                    int n = i;
                    submissions.add(pool.submit(() -> ids.add(edits.accepted("kafka outage " + n, Map.of()))));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> ids.size() >= 50);
                kafka.kill();
                for (Future<?> submission : submissions) {
                    submission.get();
                }
            }
            assertEquals(jobs, ids.size(), "the API kept accepting with Kafka down");
            kafka.start();

            edits.awaitAllTerminal(ids, Duration.ofSeconds(120));
            for (String id : ids) {
                assertEquals("succeeded", edits.status(id));
            }
            String idArray = "{" + String.join(",", ids) + "}";
            assertEquals(jobs, WorkerFaultsIT.count(
                    "select count(*) from image_edit_outputs where job_id = any(?::uuid[])", idArray), "one output set each");
            assertEquals(jobs, WorkerFaultsIT.count("select count(distinct job_id) from image_edit_attempts"
                    + " where job_id = any(?::uuid[]) and http_status = 200", idArray), "one successful call each");
            // Upstream calls are at-least-once (docs/GUARANTEES.md); every one of them is in the ledger.
            long calls = simulator.editCalls();
            assertTrue(calls >= jobs, "calls: " + simulator.statsJson());
            long ledger = WorkerFaultsIT.count(
                    "select count(*) from image_edit_attempts where job_id = any(?::uuid[])", idArray);
            // A ledger row is opened before its call, so each call has one (an aborted one may have reached nobody).
            assertTrue(ledger >= calls, "ledger " + ledger + " rows for " + calls + " calls");
        }
    }

    @Test
    void postgresRestartedUnderLoadAnswers503AndLosesNothingAccepted() throws Exception {
        try (Stack stack = Stack.start(Map.of("OVERTIME_SIMULATOR_LATENCY", "500ms"), OUTAGE_WORKER)) {
            Edits edits = Edits.forNewOwner(stack, "pg-outage-" + UUID.randomUUID());
            List<String> accepted = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger unavailable = new AtomicInteger();
            List<String> other = Collections.synchronizedList(new ArrayList<>());
            List<Long> unavailableMillis = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);

            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                for (int t = 0; t < 4; t++) {
                    pool.submit(() -> {
                        int n = 0;
                        while (running.get()) {
                            Response response = edits.submit("pg outage " + n++, Map.of());
                            if (response.statusCode() == 202) {
                                accepted.add(response.path("id"));
                            } else if (response.statusCode() == 503
                                    && "SERVICE_UNAVAILABLE".equals(response.path("code"))) {
                                unavailable.incrementAndGet();
                                unavailableMillis.add(response.time());
                            } else {
                                other.add(response.statusCode() + " " + response.asString());
                            }
                        }
                    });
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= 20);
                stack.infra().takeDownPostgres();
                await().atMost(Duration.ofSeconds(30)).until(() -> unavailable.get() >= 10);
                stack.infra().bringUpPostgres();
                int afterOutage = accepted.size();
                await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= afterOutage + 20);
                running.set(false);
            }

            edits.awaitAllTerminal(List.copyOf(accepted), Duration.ofSeconds(120));
            for (String id : accepted) {
                assertEquals("succeeded", edits.status(id), () -> edits.job(id).asString());
            }
            assertTrue(unavailable.get() >= 10, "503 envelopes during the outage: " + unavailable.get());
            long slowest = unavailableMillis.stream().mapToLong(Long::longValue).max().orElse(0);
            assertTrue(slowest < 5_000, "503 answered fast; slowest took " + slowest + " ms");
            assertEquals(List.of(), other, "every answer was a 202 or a 503 envelope");
            String idArray = "{" + String.join(",", accepted) + "}";
            assertEquals(accepted.size(), WorkerFaultsIT.count(
                    "select count(distinct job_id) from image_edit_outputs where job_id = any(?::uuid[])", idArray));
        }
    }
}
