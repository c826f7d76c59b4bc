package dev.overtime.e2e;

import dev.overtime.localinfra.RealInfrastructure;
import dev.overtime.localinfra.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fair scheduling over the packaged services and two worker processes: a small owner's edits start ahead of a big
 * owner's backlog and finish within two edit latencies, the big owner never runs more than its maxConcurrentEdits
 * (read from the attempt ledger, across both workers), and an owner's queue runs by priority. The big owner queues
 * its 300 edits as one batch naming an image on a loopback host (the worker admits it with
 * OVERTIME_INPUTS_ALLOW_LOOPBACK, for tests only), so the backlog is there at once however slowly this machine
 * accepts uploads.
 */
class FairSchedulingIT {

    private static final String LATENCY = "3s";
    private static final int BACKLOG = 300;
    private static final int CAP = 20;

    private static Stack stack;
    private static ServiceProcess secondWorker;
    private static HttpServer imageHost;

    /** One attempt from the ledger. */
    record Attempt(String job, Instant startedAt, Instant endedAt, String worker) {
    }

    @BeforeAll
    static void startStack() throws IOException {
        byte[] photo = Edits.samplePhoto();
        imageHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        imageHost.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        imageHost.createContext("/photo.png", exchange -> {
            try (exchange) {
                exchange.getResponseHeaders().set("Content-Type", "image/png");
                exchange.sendResponseHeaders(200, photo.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(photo);
                }
            }
        });
        imageHost.start();
        stack = Stack.start(Map.of("OVERTIME_SIMULATOR_LATENCY", LATENCY), Map.of(),
                Map.of("OVERTIME_INPUTS_ALLOW_LOOPBACK", "true"));
        secondWorker = stack.startWorkerBeside();
    }

    @AfterAll
    static void stopStack() {
        if (secondWorker != null) {
            secondWorker.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (imageHost != null) {
            imageHost.stop(0);
        }
    }

    @Test
    void aSmallOwnerStartsAheadOfABigBacklogAndTheBigOwnerNeverRunsMoreThanItsCap() throws Exception {
        Edits big = Edits.forNewOwner(stack, "fair-big-" + UUID.randomUUID());
        Edits small = Edits.forNewOwner(stack, "fair-small-" + UUID.randomUUID());
        putLimits(big.owner(), "{\"maxConcurrentEdits\": " + CAP + "}");

        List<String> backlog = queueBatch(big, BACKLOG);
        await("the big owner at its cap").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> count("select count(*) from image_edit_jobs where owner = ? and status = 'running'",
                        big.owner()) == CAP);

        List<String> smallJobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            smallJobs.add(small.accepted("small " + i, Map.of()));
        }
        // What the big owner still had waiting once the small owner's edits were in the queue.
        Set<String> waiting = Set.copyOf(ids("select id::text from image_edit_jobs where owner = ? and status = 'queued'",
                big.owner()));
        assertTrue(waiting.size() > 100, "the big owner's backlog was still waiting: " + waiting.size());

        small.awaitAllTerminal(smallJobs, Duration.ofSeconds(60));
        big.awaitAllTerminal(backlog, Duration.ofSeconds(240));

        List<Attempt> bigAttempts = attempts(big.owner());
        List<Attempt> smallAttempts = attempts(small.owner());
        assertEquals(BACKLOG, bigAttempts.size(), "one attempt per big edit");
        assertEquals(5, smallAttempts.size(), "one attempt per small edit");
        for (String id : smallJobs) {
            assertEquals("succeeded", small.status(id));
        }

        Instant lastSmallStart = smallAttempts.stream().map(Attempt::startedAt).max(Comparator.naturalOrder())
                .orElseThrow();
        Instant firstWaitingStart = bigAttempts.stream().filter(a -> waiting.contains(a.job()))
                .map(Attempt::startedAt).min(Comparator.naturalOrder()).orElseThrow();
        assertTrue(lastSmallStart.isBefore(firstWaitingStart), "small edits started by " + lastSmallStart
                + "; the big owner's waiting edits from " + firstWaitingStart);

        // An edit's latency as the ledger saw it; each small edit ended within two of them of being submitted: it
        // waited at most one in the queue. Its own attempt counts if it was slower (a loaded machine slows single
        // calls; that is not the scheduler's doing).
        long editLatencyMs = median(bigAttempts.stream()
                .map(a -> Duration.between(a.startedAt(), a.endedAt()).toMillis()).toList());
        for (String id : smallJobs) {
            long turnaround = count("select (extract(epoch from finished_at - created_at) * 1000)::bigint"
                    + " from image_edit_jobs where id = ?::uuid", id);
            long ownMs = smallAttempts.stream().filter(a -> a.job().equals(id))
                    .mapToLong(a -> Duration.between(a.startedAt(), a.endedAt()).toMillis()).max().orElseThrow();
            long latencyMs = Math.max(editLatencyMs, ownMs);
            assertTrue(turnaround <= 2 * latencyMs, "small edit " + id + " took " + turnaround
                    + " ms from submit to end; an edit takes " + editLatencyMs + " ms, this one " + ownMs + " ms");
        }

        assertEquals(CAP, maxOverlap(bigAttempts), "the big owner's edits running at once, across both workers");
        assertEquals(2, bigAttempts.stream().map(Attempt::worker).distinct().count(), "both workers ran edits");
    }

    @Test
    void anOwnersQueueRunsByPriority() {
        Edits owner = Edits.forNewOwner(stack, "fair-priority-" + UUID.randomUUID());
        putLimits(owner.owner(), "{\"maxConcurrentEdits\": 1, \"maxPriority\": \"high\"}");
        String first = owner.accepted("first", Map.of());
        owner.awaitStatus(first, "running", Duration.ofSeconds(30));
        // Submitted while the first runs, lowest first: they start highest first.
        String low = owner.accepted("low", Map.of("priority", "low"));
        String normal = owner.accepted("normal", Map.of());
        String high = owner.accepted("high", Map.of("priority", "high"));
        owner.awaitAllTerminal(List.of(first, low, normal, high), Duration.ofSeconds(60));

        List<String> order = attempts(owner.owner()).stream().map(Attempt::job).toList();
        assertEquals(List.of(first, high, normal, low), order);
    }

    private static void putLimits(String owner, String body) {
        given().baseUri(stack.api().baseUrl()).header("Authorization", "Bearer " + Stack.ADMIN_TOKEN)
                .contentType("application/json").body(body).put("/admin/owners/" + owner + "/limits")
                .then().statusCode(200);
    }

    // One batch of `count` items naming the image host's photo; the items' job ids.
    private static List<String> queueBatch(Edits owner, int count) {
        String url = "http://127.0.0.1:" + imageHost.getAddress().getPort() + "/photo.png";
        String items = String.join(",", Collections.nCopies(count, "{\"image_url\": \"" + url + "\"}"));
        String batch = owner.request().contentType("application/json")
                .body("{\"defaults\": {\"prompt\": \"backlog\", \"size\": \"auto\"}, \"items\": [" + items + "]}")
                .post("/v1/image-edit-batches").then().statusCode(202).extract().path("id");
        return ids("select id::text from image_edit_jobs where batch_id = ?::uuid order by batch_index", batch);
    }

    private static List<Attempt> attempts(String owner) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("""
                select a.job_id::text, a.started_at,
                       coalesce(a.started_at + a.duration_ms * interval '1 millisecond', 'infinity'::timestamptz),
                       a.worker
                  from image_edit_attempts a join image_edit_jobs j on j.id = a.job_id
                 where j.owner = ? order by a.started_at""")) {
            s.setString(1, owner);
            List<Attempt> attempts = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    java.sql.Timestamp end = r.getTimestamp(3);
                    attempts.add(new Attempt(r.getString(1), r.getTimestamp(2).toInstant(),
                            end == null ? Instant.MAX : end.toInstant(), r.getString(4)));
                }
            }
            return attempts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // The most attempts open at one instant (each attempt's start is where a new maximum can begin).
    static int maxOverlap(List<Attempt> attempts) {
        int max = 0;
        for (Attempt a : attempts) {
            int open = (int) attempts.stream()
                    .filter(o -> !o.startedAt().isAfter(a.startedAt()) && o.endedAt().isAfter(a.startedAt())).count();
            max = Math.max(max, open);
        }
        return max;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long count(String sql, String param) {
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

    private static List<String> ids(String sql, String param) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, param);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws SQLException {
        RealInfrastructure infra = RealInfrastructure.get();
        return DriverManager.getConnection(infra.jdbcUrl(), infra.username(), infra.password());
    }
}
