package dev.overtime.api.push.webhook;

import com.sun.net.httpserver.HttpServer;
import dev.overtime.api.support.Fixtures;
import dev.overtime.api.support.TestImages;
import dev.overtime.api.support.WorkerDouble;
import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One owner's slow and dead receivers delay only that owner: over real Kafka and PostgreSQL, with a receiver that
 * answers its headers and trickles its body, one that accepts connections and never answers, and a healthy one.
 */
@QuarkusTest
@TestProfile(WebhookIsolationTest.SlowReceivers.class)
@WithTestResource(RealInfrastructureResource.class)
class WebhookIsolationTest {

    static final int TIMEOUT_MS = 6000;
    static final int PER_OWNER = 2;

    public static class SlowReceivers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("overtime.api.admin-token", "admin-secret",
                    "overtime.api.webhooks.allow-loopback", "true",
                    "overtime.api.webhooks.timeout", TIMEOUT_MS + "ms",
                    "overtime.api.webhooks.connect-timeout", "1s",
                    "overtime.api.webhooks.per-owner-concurrency", Integer.toString(PER_OWNER),
                    // Failed attempts come back long after this test: the counts below are first attempts only.
                    "overtime.api.webhooks.first-backoff", "5m",
                    "overtime.api.webhooks.poll-interval", "200ms");
        }
    }

    @Inject
    Fixtures fixtures;

    private WorkerDouble worker;
    private final List<AutoCloseable> receivers = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        worker = new WorkerDouble(fixtures);
    }

    @AfterEach
    void tearDown() throws Exception {
        worker.close();
        for (AutoCloseable receiver : receivers) {
            receiver.close();
        }
    }

    @Test
    void aSlowAndADeadReceiverDelayOnlyTheirOwnersMessages() throws IOException {
        Trickler trickler = new Trickler();
        Dead dead = new Dead();
        List<Long> healthyOpenAtArrival = new CopyOnWriteArrayList<>();
        HttpServer healthy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        healthy.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            healthyOpenAtArrival.add((long) trickler.open.get());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        healthy.start();
        receivers.add(() -> healthy.stop(0));

        Fixtures.Caller slowOwner = ownerWithSecret();
        Fixtures.Caller deadOwner = ownerWithSecret();
        Fixtures.Caller healthyOwner = ownerWithSecret();
        List<String> slowJobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            slowJobs.add(submit(slowOwner, "http://127.0.0.1:" + trickler.port() + "/hook"));
        }
        List<String> deadJobs = List.of(submit(deadOwner, "http://127.0.0.1:" + dead.port() + "/hook"),
                submit(deadOwner, "http://127.0.0.1:" + dead.port() + "/hook"));
        String healthyJob = submit(healthyOwner, "http://127.0.0.1:" + healthy.getAddress().getPort() + "/hook");

        slowJobs.forEach(worker::start);
        deadJobs.forEach(worker::start);
        await("the slow and the dead owner hold their slots").atMost(Duration.ofSeconds(30))
                .until(() -> trickler.open.get() == PER_OWNER && dead.accepted.get() == PER_OWNER);

        long started = System.nanoTime();
        worker.start(healthyJob);
        await("the healthy owner's message arrives").atMost(Duration.ofMillis(TIMEOUT_MS))
                .until(() -> healthyOpenAtArrival.size() == 1);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertTrue(tookMs < TIMEOUT_MS - 1000, "delivered in " + tookMs + " ms, before any stuck attempt timed out");
        assertEquals(List.of((long) PER_OWNER), healthyOpenAtArrival, "the slow owner's attempts were still open then");
        assertEquals(PER_OWNER, trickler.accepted.get(), "the slow owner's other two messages waited their turn");
        await("the healthy owner's message is recorded delivered").atMost(Duration.ofSeconds(5))
                .until(() -> fixtures.countRows("select count(*) from webhook_deliveries where job_id = ?::uuid and status = 'delivered'",
                        healthyJob) == 1);

        // Each stuck attempt ends by the timeout, body read included; then the owner's waiting messages get their turn.
        await("the slow owner's first attempts time out").atMost(Duration.ofSeconds(30))
                .until(() -> timedOutAttempts(slowJobs) == PER_OWNER && timedOutAttempts(deadJobs) == PER_OWNER);
        await("the slow owner's other messages are attempted").atMost(Duration.ofSeconds(30))
                .until(() -> trickler.accepted.get() == 4);
        assertEquals(PER_OWNER, dead.accepted.get());
        long longest = fixtures.countRows("""
                select max(a.duration_ms) from webhook_delivery_attempts a join webhook_deliveries d on d.id = a.delivery_id
                where d.job_id = any(?::uuid[])""", (Object) slowJobs.toArray(String[]::new));
        assertTrue(longest >= TIMEOUT_MS && longest < TIMEOUT_MS + 1500, "an attempt lasted " + longest + " ms");
    }

    private long timedOutAttempts(List<String> jobs) {
        return fixtures.countRows("""
                select count(*) from webhook_delivery_attempts a join webhook_deliveries d on d.id = a.delivery_id
                where d.job_id = any(?::uuid[]) and a.error like 'no complete response within %'""",
                (Object) jobs.toArray(String[]::new));
    }

    private Fixtures.Caller ownerWithSecret() {
        Fixtures.Caller caller = fixtures.newCaller();
        given().header("Authorization", "Bearer admin-secret").contentType("application/json")
                .body("{\"owner\":\"" + caller.owner() + "\"}").post("/admin/webhook-secrets").then().statusCode(201);
        return caller;
    }

    private static String submit(Fixtures.Caller caller, String webhook) {
        return given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", TestImages.photo(64, 64), "image/png")
                .multiPart("prompt", "paint it blue")
                .multiPart("webhook", webhook)
                .multiPart("webhook_events", "started")
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
    }

    /** Reads each request, answers 200 with a 100 KB Content-Length, then sends one byte every 100 ms. */
    private final class Trickler {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger open = new AtomicInteger();
        private final ServerSocket server = listen();

        Trickler() {
            Thread.ofVirtual().start(() -> acceptEach(server, socket -> {
                accepted.incrementAndGet();
                open.incrementAndGet();
                try (socket) {
                    readRequest(socket.getInputStream());
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    while (true) {
                        socket.getOutputStream().write('x');
                        socket.getOutputStream().flush();
                        Thread.sleep(100); // the slow peer's pace, not a synchronisation
                    }
                } finally {
                    open.decrementAndGet();
                }
            }));
        }

        int port() {
            return server.getLocalPort();
        }
    }

    /** Accepts connections and never reads or answers. */
    private final class Dead {
        final AtomicInteger accepted = new AtomicInteger();
        private final ServerSocket server = listen();

        Dead() {
            Thread.ofVirtual().start(() -> acceptEach(server, socket -> {
                accepted.incrementAndGet();
                new java.util.concurrent.CountDownLatch(1).await();
            }));
        }

        int port() {
            return server.getLocalPort();
        }
    }

    interface Connection {
        void handle(Socket socket) throws Exception;
    }

    private ServerSocket listen() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            receivers.add(server);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void acceptEach(ServerSocket server, Connection connection) {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                receivers.add(socket);
                Thread.ofVirtual().start(() -> {
                    try {
                        connection.handle(socket);
                    } catch (Exception e) {
                        // The sender hung up (its timeout) or the test ended.
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        String lower = head.toString().toLowerCase(Locale.ROOT);
        int at = lower.indexOf("content-length:");
        if (at >= 0) {
            in.readNBytes(Integer.parseInt(lower.substring(at + 15, lower.indexOf('\r', at)).trim()));
        }
    }
}
