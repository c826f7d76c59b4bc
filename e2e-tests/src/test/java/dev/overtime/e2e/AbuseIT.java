package dev.overtime.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.localinfra.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Well-formed but hostile clients against the packaged API at its deployed heap (-Xmx512m) and default limits: each
 * class of abuse gets its documented answer (docs/SECURITY.md) while a legitimate client, polling all along, keeps a
 * p99 under a second and health stays 200; the API never runs out of memory. Loopback only; every abuse is bounded
 * in count and time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbuseIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LEGITIMATE_P99 = Duration.ofSeconds(1);
    /** overtime.api.limits.http.header-timeout's default. */
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);

    private static Stack stack;
    private static LegitimateClient legitimate;
    /** One client (one selector thread) for every abusive socket: the test JVM must not starve its own timer. */
    private static final HttpClient SOCKETS = HttpClient.newHttpClient();
    /** Plain HTTP/1.1 for uploads and held requests, one connection each, as browsers behind a gateway make them. */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static ExecutorService abusers;
    private LegitimateClient.Window window;

    @BeforeAll
    static void startStack() {
        // Edits take a minute, so every job followed here stays open while the abuse runs.
        stack = Stack.start(Map.of("OVERTIME_SIMULATOR_LATENCY", "60s"), Map.of());
        Edits caller = Edits.forNewOwner(stack, "legitimate-" + UUID.randomUUID());
        legitimate = new LegitimateClient(stack.api().baseUrl(), stack.api().healthUrl(), caller.apiKey(), caller.accepted("a fair edit", Map.of()));
        abusers = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterAll
    static void stopStack() {
        if (legitimate != null) {
            legitimate.close();
        }
        if (abusers != null) {
            abusers.shutdownNow();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void startMeasuring(org.junit.jupiter.api.TestInfo test) {
        System.out.println("AbuseIT " + test.getDisplayName());
        window = legitimate.window();
    }

    @AfterEach
    void theLegitimateClientWasServedAndTheApiSurvived() throws IOException {
        // An abuse over in a second or two gives few samples: the window then runs on into its aftermath.
        await().atMost(Duration.ofSeconds(30)).until(() -> window.samples().size() >= 30);
        System.out.printf("AbuseIT legitimate client: %d requests, p99 %d ms%n", window.samples().size(),
                window.p99().toMillis());
        assertEquals(List.of(), window.failures(), "the legitimate client got every answer, health included");
        assertTrue(window.p99().compareTo(LEGITIMATE_P99) < 0, "legitimate p99 " + window.p99());
        ServiceProcess api = stack.api();
        assertTrue(api.isAlive(), "the API process is alive\n" + api.logTail());
        assertEquals(200, ServiceProcess.healthStatus(api.healthUrl()));
        assertFalse(Files.readString(api.log()).contains("OutOfMemoryError"), "no OutOfMemoryError in the API's log");
    }

    @Test
    @Order(1)
    void halfSentHeadsAreClosedWithinTheHeaderTimeoutHoweverTheyAreDribbled() throws Exception {
        int connections = 200;
        List<Future<RawConnection.Received>> closed = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            closed.add(abusers.submit(() -> {
                try (RawConnection connection = new RawConnection(stack.api().baseUrl())) {
                    connection.send("GET /v1/image-edits HTTP/1.1\r\nHost: localhost\r\n");
                    // A header byte every 2 s: no idle timeout would ever fire.
                    for (int second = 0; second < 30; second += 2) {
                        RawConnection.Received received = connection.readUntilClosed(Duration.ofSeconds(2));
                        if (received.closed()) {
                            return received;
                        }
                        connection.send("X");
                    }
                    return connection.readUntilClosed(Duration.ZERO);
                }
            }));
        }
        for (Future<RawConnection.Received> result : closed) {
            RawConnection.Received received = result.get(60, TimeUnit.SECONDS);
            assertTrue(received.closed(), "still open after " + received.at());
            assertEquals("", received.text(), "closed without an answer");
            assertTrue(received.at().compareTo(HEADER_TIMEOUT.plusSeconds(4)) < 0, "closed only after " + received.at());
        }
    }

    @Test
    @Order(2)
    void aRequestFloodOnOneKeyIsRefused429WithItsRateLimitFields() throws Exception {
        Edits abuser = Edits.forNewOwner(stack, "flood-" + UUID.randomUUID());
        HttpClient http = HttpClient.newHttpClient();
        AtomicInteger served = new AtomicInteger();
        List<HttpResponse<String>> refused = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        long until = started + Duration.ofSeconds(20).toNanos();
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            threads.add(abusers.submit(() -> {
                // Until the flood has been refused a few hundred times, or 20 s, or 1000 requests a thread.
                for (int i = 0; i < 1000 && refused.size() < 300 && System.nanoTime() < until; i++) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create(stack.api().baseUrl() + "/v1/image-edits?limit=1"))
                            .header("Authorization", "Bearer " + abuser.apiKey()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 429) {
                        refused.add(response);
                    } else {
                        assertEquals(200, response.statusCode(), response.body());
                        served.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> thread : threads) {
            thread.get(60, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(refused.size() >= 300, "refused " + refused.size() + " (" + served + " served in " + seconds + " s)");
        // A burst of 500, then 100 a second (the defaults): no more got through, but for the clock's slack.
        assertTrue(served.get() <= 500 + seconds * 100 + 50, "served " + served + " in " + seconds + " s");
        for (HttpResponse<String> response : refused.subList(0, 20)) {
            assertEquals("RATE_LIMITED", JSON.readTree(response.body()).path("code").asText());
            assertTrue(response.headers().firstValue("Retry-After").orElse("").matches("[1-9][0-9]*"));
            assertEquals(Optional.of("\"per-key\";q=500;w=5"), response.headers().firstValue("RateLimit-Policy"));
            assertTrue(response.headers().firstValue("RateLimit").orElse("").startsWith("\"per-key\";r=0;t="));
        }
    }

    @Test
    @Order(3)
    void manyEventStreamsOnOneKeyStopAtItsLimit() throws Exception {
        Edits abuser = Edits.forNewOwner(stack, "streams-" + UUID.randomUUID());
        String job = abuser.accepted("followed too often", Map.of());
        HttpClient http = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            streams.add(http.sendAsync(HttpRequest.newBuilder(URI.create(stack.api().baseUrl()
                            + "/v1/image-edits/" + job + "/events")).header("Authorization", "Bearer " + abuser.apiKey())
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream()));
        }
        int open = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<InputStream>> stream : streams) {
            HttpResponse<InputStream> response = stream.get(30, TimeUnit.SECONDS);
            if (response.statusCode() == 200) {
                open++;
            } else {
                assertEquals(429, response.statusCode());
                JsonNode problem = JSON.readTree(response.body());
                assertEquals("TOO_MANY_STREAMS", problem.path("code").asText());
                refused++;
            }
        }
        assertEquals(50, open, "overtime.api.limits.sse.per-key");
        assertEquals(10, refused);
        // Held open, as an abuser would, while the legitimate client goes on.
        await().atMost(Duration.ofSeconds(60)).until(() -> window.samples().size() >= 100);
        for (CompletableFuture<HttpResponse<InputStream>> stream : streams) {
            stream.get().body().close();
        }
    }

    @Test
    @Order(4)
    void bigUploadsAtOnceAreAdmittedWithinTheUploadBudgetAndTheRestRefusedUnread() throws Exception {
        Edits abuser = Edits.forNewOwner(stack, "uploads-" + UUID.randomUUID());
        int uploads = 13;
        int imageBytes = 47_000_000;
        String prefix = "--B\r\nContent-Disposition: form-data; name=\"prompt\"\r\n\r\nbig\r\n--B\r\n"
                + "Content-Disposition: form-data; name=\"image\"; filename=\"big.png\"\r\nContent-Type: image/png\r\n\r\n";
        String suffix = "\r\n--B--\r\n";
        long length = prefix.length() + (long) imageBytes + suffix.length();
        List<RawConnection> connections = new ArrayList<>();
        try {
            // Every head first: each is admitted or refused on its Content-Length, before a byte of any body.
            for (int i = 0; i < uploads; i++) {
                RawConnection connection = new RawConnection(stack.api().baseUrl());
                connection.send("POST /v1/image-edits HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + abuser.apiKey() + "\r\nContent-Type: multipart/form-data; boundary=B\r\nContent-Length: "
                        + length + "\r\n\r\n");
                connections.add(connection);
            }
            List<RawConnection> admitted = new ArrayList<>();
            int overloaded = 0;
            for (RawConnection connection : connections) {
                RawConnection.Received early = connection.readUntilClosed(Duration.ofMillis(200));
                if (early.text().isEmpty()) {
                    admitted.add(connection);
                } else {
                    assertEquals(503, early.status(), early.text());
                    assertTrue(early.text().contains("\"code\":\"OVERLOADED\""), early.text());
                    assertTrue(early.hasHeader("Retry-After", "2"), early.text());
                    assertTrue(early.hasHeader("Connection", "close"), early.text());
                    overloaded++;
                }
            }
            // 512 MiB in flight: eleven of these fit.
            assertEquals(11, admitted.size(), "admitted");
            assertEquals(2, overloaded);
            List<Future<RawConnection.Received>> answers = new ArrayList<>();
            for (RawConnection connection : admitted) {
                answers.add(abusers.submit(() -> {
                    connection.send(prefix);
                    byte[] zeros = new byte[64 * 1024];
                    for (int sent = 0; sent < imageBytes; sent += zeros.length) {
                        connection.send(sent + zeros.length <= imageBytes ? zeros
                                : Arrays.copyOf(zeros, imageBytes - sent));
                    }
                    connection.send(suffix.getBytes(StandardCharsets.ISO_8859_1));
                    return connection.readUntilClosed(Duration.ofSeconds(60));
                }));
            }
            for (Future<RawConnection.Received> answer : answers) {
                RawConnection.Received received = answer.get(120, TimeUnit.SECONDS);
                assertEquals(400, received.status(), received.text().substring(0, Math.min(400, received.text().length())));
                assertTrue(received.text().contains("\"code\":\"INVALID_IMAGE\""), received.text());
            }
        } finally {
            connections.forEach(RawConnection::close);
        }
    }

    @Test
    @Order(5)
    void decompressionBombsAreRefusedFromTheirHeadersWithoutBeingInflated() throws Exception {
        Edits abuser = Edits.forNewOwner(stack, "bombs-" + UUID.randomUUID());
        byte[] bomb = TestPngs.flatRgb(4000, 4000);
        int bombs = 16;
        long cpuBefore = apiCpuMillis();
        HttpRequest upload = new MultipartBody().file("image", "bomb.png", "image/png", bomb)
                .field("prompt", "inflate me").post(stack.api().baseUrl() + "/v1/image-edits")
                .header("Authorization", "Bearer " + abuser.apiKey()).build();
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < bombs; i++) {
            answers.add(abusers.submit(() -> HTTP.send(upload, HttpResponse.BodyHandlers.ofString())));
        }
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            assertEquals(400, response.statusCode(), response.body());
            assertEquals("IMAGE_TOO_LARGE", JSON.readTree(response.body()).path("code").asText(), response.body());
        }
        // Inflating them would be 16 x 64 MB of pixels (it cost 10.7 s of CPU before the guard); their headers cost
        // next to nothing. The rest of the allowance is the legitimate client's polling and the JIT.
        long cpu = apiCpuMillis() - cpuBefore;
        System.out.printf("AbuseIT %d bombs of %d bytes cost the API %d ms of CPU%n", bombs, bomb.length, cpu);
        assertTrue(cpu < 3_000, "CPU spent on " + bombs + " bombs: " + cpu + " ms");
        assertEquals(0, abuser.request().get("/v1/image-edits").then().statusCode(200)
                .extract().<List<?>>path("data").size(), "nothing stored");
    }

    @Test
    @Order(6)
    void waitsHeldToTheLimitAnswerBeforeTheDeadlineNever504() throws Exception {
        Edits waiter = Edits.forNewOwner(stack, "waits-" + UUID.randomUUID());
        String running = waiter.accepted("a minute long", Map.of());
        int holders = 20;
        HttpRequest heldSubmit = new MultipartBody().file("image", "photo.png", "image/png", Edits.samplePhoto())
                .field("prompt", "held submit").post(stack.api().baseUrl() + "/v1/image-edits")
                .header("Authorization", "Bearer " + waiter.apiKey()).header("Prefer", "wait=25").build();
        HttpRequest heldRead = HttpRequest.newBuilder(URI.create(stack.api().baseUrl() + "/v1/image-edits/" + running))
                .header("Authorization", "Bearer " + waiter.apiKey()).header("Prefer", "wait=25").build();
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        List<Future<Long>> took = new ArrayList<>();
        for (int i = 0; i < holders; i++) {
            HttpRequest request = i % 2 == 0 ? heldSubmit : heldRead;
            CompletableFuture<Long> elapsed = new CompletableFuture<>();
            took.add(elapsed);
            answers.add(abusers.submit(() -> {
                long started = System.nanoTime();
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                elapsed.complete(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                return response;
            }));
        }
        // A 29 s gateway in front: every answer within the 25 s deadline, the job as it is, never a 504.
        Set<String> jobs = new java.util.HashSet<>(Set.of(running));
        try {
            for (int i = 0; i < holders; i++) {
                HttpResponse<String> response = answers.get(i).get(60, TimeUnit.SECONDS);
                long millis = took.get(i).get();
                JsonNode job = JSON.readTree(response.body());
                jobs.add(job.path("id").asText());
                assertTrue(millis <= 25_000, "answered after " + millis + " ms");
                assertTrue(response.statusCode() == 200 || response.statusCode() == 202, response.body());
                assertTrue(Set.of("queued", "running").contains(job.path("status").asText()), response.body());
            }
        } finally {
            // Minute-long edits left running would outlive this stack: the infrastructure is shared with the next
            // test class, whose worker would take them over and call its simulator in the middle of its counts.
            jobs.stream().filter(id -> !id.isEmpty()).forEach(waiter::cancel);
        }
    }

    // Last: it spends this address's failed lookups, and new keys from loopback would wait for them after it.
    @Test
    @Order(8)
    void aWebSocketAuthenticationFloodIsClosed1008AndNeverReachesTheDatabaseMuch() throws Exception {
        // Bursts of auth frames: the second frame closes each socket; only its first can have been looked up.
        List<Socket> bursts = flood(50, 20);
        // Then one made-up key per socket: this address ran out of failed lookups, so these are not even looked up.
        List<Socket> singles = flood(50, 1);
        int unauthenticated = 0;
        int rateLimited = 0;
        for (Socket socket : bursts) {
            assertEquals(1008, socket.closeCode);
            unauthenticated += socket.count("UNAUTHENTICATED");
        }
        for (Socket socket : singles) {
            assertEquals(1008, socket.closeCode);
            assertEquals(1, socket.errorCodes.size(), "told why: " + socket.errorCodes);
            unauthenticated += socket.count("UNAUTHENTICATED");
            rateLimited += socket.count("RATE_LIMITED");
        }
        // Each UNAUTHENTICATED was one lookup: 20 failures a minute per address, a few more refilled meanwhile.
        assertTrue(unauthenticated <= 30, "looked up " + unauthenticated + " keys");
        assertTrue(rateLimited >= 40, "refused without a lookup: " + rateLimited);
    }

    @Test
    @Order(7)
    // Before the WebSocket flood, which spends this address's allowance of lookups for keys the API never saw valid:
    // after it, this test's new key would be refused 429 before its body limits were ever reached.
    void bigJsonBodiesAreRefusedFromTheirHeadsAndTheRestReadWithinTheirBudget() throws Exception {
        Edits abuser = Edits.forNewOwner(stack, "json-" + UUID.randomUUID());
        // Declared near the 64 MB body limit: before JSON bodies had their own limit, a dozen of these were the heap.
        List<RawConnection> heads = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                RawConnection connection = new RawConnection(stack.api().baseUrl());
                connection.send("POST /v1/image-edit-batches HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + abuser.apiKey() + "\r\nContent-Type: application/json\r\nContent-Length: 60000000\r\n\r\n");
                heads.add(connection);
            }
            for (RawConnection connection : heads) {
                RawConnection.Received answer = connection.readUntilClosed(Duration.ofSeconds(10));
                assertEquals(413, answer.status(), answer.text());
                assertTrue(answer.text().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer.text());
                assertTrue(answer.closed(), "closed without reading the body");
            }
        } finally {
            heads.forEach(RawConnection::close);
        }
        // Bodies under the limit, 30 at once (90 MB): read within the 64 MiB budget of JSON bytes in flight, the rest refused
        // unread; each read one is a 3 MB prompt, far over any model's limit.
        String body = "{\"prompt\": \"" + "x".repeat(3_000_000) + "\", \"images\": [{\"image_url\": "
                + "\"https://images.example.com/cat.png\"}]}";
        HttpRequest submit = HttpRequest.newBuilder(URI.create(stack.api().baseUrl() + "/v1/image-edits"))
                .header("Authorization", "Bearer " + abuser.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(abusers.submit(() -> HTTP.send(submit, HttpResponse.BodyHandlers.ofString())));
        }
        int read = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
            String code = JSON.readTree(response.body()).path("code").asText();
            if (response.statusCode() == 400) {
                assertEquals("PROMPT_TOO_LONG", code, response.body());
                read++;
            } else {
                assertEquals(503, response.statusCode(), response.body());
                assertEquals("OVERLOADED", code, response.body());
            }
        }
        System.out.printf("AbuseIT 30 JSON bodies of 3 MB: %d read, %d refused unread%n", read, 30 - read);
        assertTrue(read > 0, "bodies within the budget are read");
        assertEquals(0, abuser.request().get("/v1/image-edits").then().statusCode(200)
                .extract().<List<?>>path("data").size(), "nothing stored");
    }

    private static long apiCpuMillis() {
        return ProcessHandle.of(stack.api().pid()).flatMap(api -> api.info().totalCpuDuration())
                .orElseThrow(() -> new AssertionError("no CPU time for the API's process")).toMillis();
    }

    private List<Socket> flood(int sockets, int framesEach) throws Exception {
        List<Future<Socket>> flooders = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
            flooders.add(abusers.submit(() -> {
                Socket socket = new Socket();
                socket.ws = SOCKETS.newWebSocketBuilder().buildAsync(URI.create(
                        stack.api().baseUrl().replaceFirst("^http", "ws") + "/v1/ws"), socket).get(20, TimeUnit.SECONDS);
                for (int frame = 0; frame < framesEach && socket.closeCode < 0; frame++) {
                    try {
                        socket.ws.sendText("{\"auth\":\"ovt_" + UUID.randomUUID().toString().replace("-", "") + "\"}",
                                true).get(5, TimeUnit.SECONDS);
                    } catch (Exception closedUnderUs) {
                        break;
                    }
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> socket.closeCode >= 0);
                return socket;
            }));
        }
        List<Socket> closed = new ArrayList<>();
        for (Future<Socket> flooder : flooders) {
            closed.add(flooder.get(60, TimeUnit.SECONDS));
        }
        return closed;
    }

    private static final class Socket implements WebSocket.Listener {
        final List<String> errorCodes = new CopyOnWriteArrayList<>();
        volatile WebSocket ws;
        volatile int closeCode = -1;

        int count(String code) {
            return (int) errorCodes.stream().filter(code::equals).count();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            try {
                JsonNode message = JSON.readTree(data.toString());
                if ("error".equals(message.path("type").asText())) {
                    errorCodes.add(message.path("code").asText());
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode = statusCode;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (closeCode < 0) {
                closeCode = 1006;
            }
        }
    }
}
