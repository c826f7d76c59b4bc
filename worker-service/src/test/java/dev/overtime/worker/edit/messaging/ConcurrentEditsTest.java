package dev.overtime.worker.edit.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.overtime.common.events.ImageEditRequested;
import dev.overtime.localinfra.RealInfrastructureResource;
import dev.overtime.worker.support.JobRows;
import dev.overtime.worker.support.KafkaTopicsClient;
import dev.overtime.worker.support.TestImages;
import dev.overtime.worker.support.TestUpstream;
import dev.overtime.worker.support.WireMockUpstream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.overtime.storage.ObjectStore;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One worker holds many slow edits in flight at once instead of running them one by one. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
@WithTestResource(WireMockUpstream.class)
class ConcurrentEditsTest {

    private static final int JOBS = 50;
    private static final int UPSTREAM_DELAY_MS = 2_000;

    @Inject
    DataSource dataSource;

    @Inject
    ObjectStore store;

    @Inject
    ObjectMapper json;

    @Test
    void consumerConcurrencyFollowsMaxInFlight() {
        // The virtual-thread worker's max-concurrency is what lets hundreds of records be processed at once.
        var config = ConfigProvider.getConfig();
        int maxInFlight = config.getValue("overtime.worker.max-in-flight", Integer.class);
        assertEquals(512, maxInFlight);
        assertEquals(maxInFlight,
                config.getValue("smallrye.messaging.worker.<virtual-thread>.max-concurrency", Integer.class));
    }

    @Test
    void fiftySlowEditsRunTogether() {
        String batch = "batch-" + UUID.randomUUID();
        TestUpstream upstream = TestUpstream.fromConfig();
        upstream.admin().register(post(urlEqualTo(TestUpstream.EDITS_PATH))
                .withMultipartRequestBody(aMultipart().withName("prompt").withBody(matching(batch + " .*")))
                .willReturn(okJson(ImageEditWorkerTest.imagesResponse(TestImages.png(8, 8)))
                        .withFixedDelay(UPSTREAM_DELAY_MS)));
        JobRows rows = new JobRows(dataSource, store);
        byte[] photo = TestImages.png(16, 16);
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            jobs.add(rows.insertQueuedJob("owner-load", batch + " " + i, 1, "req-" + i,
                    List.of(new JobRows.Input("image", 0, "p.png", "image/png", 16, 16, photo))));
        }

        long started = System.nanoTime();
        try (KafkaTopicsClient kafka = new KafkaTopicsClient(json)) {
            for (UUID job : jobs) {
                kafka.publish(ImageEditRequested.of(job, "owner-load", "req", Instant.now()), job);
            }
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    jobs.stream().allMatch(job -> "succeeded".equals(rows.status(job))));
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        // Sequentially this would take 50 x 2 s = 100 s; in flight together a little over 2 s on a quiet machine. Half
        // the sequential time tells the two apart even on a loaded 2-core machine (seen: 18.8 s at load 25); the
        // overlap below is the sharper proof.
        assertTrue(elapsed.compareTo(Duration.ofSeconds(50)) < 0, "all edits took " + elapsed);
        List<LoggedRequest> calls = upstream.received(postRequestedFor(urlEqualTo(TestUpstream.EDITS_PATH))
                .withRequestBodyPart(aMultipart().withName("prompt").withBody(matching(batch + " .*")).build()));
        assertEquals(JOBS, calls.size(), "one upstream call per job");
        // Proof of overlap: most calls reached the upstream before the first of them could have been answered.
        long first = calls.stream().mapToLong(call -> call.getLoggedDate().getTime()).min().orElseThrow();
        long beforeFirstAnswer = calls.stream()
                .filter(call -> call.getLoggedDate().getTime() < first + UPSTREAM_DELAY_MS)
                .count();
        assertTrue(beforeFirstAnswer >= JOBS / 2, beforeFirstAnswer + " calls overlapped the first one");
    }
}
