package dev.overtime.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One trace from a frontend's submit to OpenAI and back: with OTLP pointed at a receiver of the test's own, a
 * submit carrying a known {@code traceparent} yields spans of api-service and worker-service in that trace (submit,
 * publish, consume, upstream attempt), and the lifecycle CloudEvents carry the trace in their extension attribute.
 */
class TracingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    private static OtlpReceiver receiver;
    private static Stack stack;

    @BeforeAll
    static void startStackExportingToTheReceiver() {
        receiver = new OtlpReceiver();
        Map<String, String> otlp = Map.of(
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms");
        stack = Stack.start(Map.of("OVERTIME_SIMULATOR_LATENCY", "1s"), otlp, otlp);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aSubmitsTraceRunsThroughBothServicesKafkaAndTheLifecycleEvents() {
        Edits caller = Edits.forNewOwner(stack, "tracing-" + UUID.randomUUID());
        String id = caller.edit("paint the trace orange", Map.of()).header("traceparent", TRACEPARENT)
                .post("/v1/image-edits").then().statusCode(202).extract().path("id");
        caller.awaitStatus(id, "succeeded", Duration.ofSeconds(90));

        await("spans of trace " + TRACE_ID).atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<OtlpReceiver.ReceivedSpan> spans = receiver.spansOf(TRACE_ID);
            Map<String, List<String>> byService = spans.stream().collect(Collectors.groupingBy(
                    OtlpReceiver.ReceivedSpan::service,
                    Collectors.mapping(OtlpReceiver.ReceivedSpan::name, Collectors.toList())));
            List<String> api = byService.getOrDefault("api-service", List.of());
            List<String> worker = byService.getOrDefault("worker-service", List.of());
            assertTrue(api.stream().anyMatch(name -> name.contains("/v1/image-edits")), "the submit's server span: " + byService);
            assertTrue(api.contains("image-edit.requests publish"), "the API relay's publish span: " + byService);
            assertTrue(worker.contains("image-edit.requests process"), "the worker's consumption span: " + byService);
            assertTrue(worker.contains("image-edit.events publish"), "the worker relay's publish of lifecycle events: " + byService);
            OtlpReceiver.ReceivedSpan attempt = spans.stream().filter(s -> s.name().equals("openai images.edit"))
                    .findFirst().orElseThrow(() -> new AssertionError("no upstream attempt span: " + byService));
            assertTrue(attempt.attributes().contains("overtime.attempt=1"), attempt.toString());
            assertTrue(attempt.attributes().stream().anyMatch(a -> a.startsWith("openai.request_id=req_")), attempt.toString());
        });

        List<JsonNode> events = lifecycleEventsFor(id, 2);
        assertFalse(events.isEmpty());
        for (JsonNode event : events) {
            String traceparent = event.path("traceparent").asText("");
            assertEquals(TRACE_ID, traceparent.split("-").length == 4 ? traceparent.split("-")[1] : traceparent,
                    "the CloudEvent carries the submit's trace: " + event);
        }
    }

    private static List<JsonNode> lifecycleEventsFor(String jobId, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.infra().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-tracing-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("image-edit.events"));
            await("lifecycle events of " + jobId).atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    if (jobId.equals(record.key())) {
                        try {
                            found.add(JSON.readTree(record.value()));
                        } catch (IOException e) {
                            throw new AssertionError("event is not JSON: " + record.value(), e);
                        }
                    }
                });
                return found.size() >= expected;
            });
        }
        return found;
    }
}
