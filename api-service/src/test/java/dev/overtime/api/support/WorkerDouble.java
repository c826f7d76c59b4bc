package dev.overtime.api.support;

import dev.overtime.api.push.feed.JobEventsConsumer;
import dev.overtime.common.Topics;
import dev.overtime.localinfra.RealInfrastructure;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Plays the worker for API tests: changes job rows the way worker-service does (guarded update,
 * version bump) and then publishes its structured CloudEvent to {@code image-edit.events}.
 */
public final class WorkerDouble implements AutoCloseable {

    private final Fixtures fixtures;
    private final KafkaProducer<String, String> producer;

    public WorkerDouble(Fixtures fixtures) {
        this.fixtures = fixtures;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealInfrastructure.get().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /** Waits until the API's own feed consumer is assigned and reading (it starts from the end of the topic). */
    public void awaitFeedConsuming(JobEventsConsumer consumer) {
        long before = consumer.received();
        await("the API's change feed reads image-edit.events").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    publish("dev.overtime.test.probe", UUID.randomUUID().toString(), "{}");
                    return consumer.received() > before;
                });
    }

    public void start(String jobId) {
        start(jobId, null);
    }

    /** As {@link #start(String)}, announcing it in the trace {@code traceparent}. */
    public void start(String jobId, String traceparent) {
        fixtures.execute("""
                update image_edit_jobs set status = 'running', attempts = attempts + 1, started_at = now(),
                       updated_at = now(), version = version + 1 where id = ?::uuid and status = 'queued'""", jobId);
        publish("dev.overtime.image_edit.started", jobId, "{\"schemaVersion\":1,\"attempt\":1}", traceparent);
    }

    public void succeed(String jobId, byte[] png, long upstreamLatencyMs) {
        fixtures.execute("""
                insert into image_edit_outputs (job_id, position, content_type, width, height, size_bytes, data, created_at)
                values (?::uuid, 0, 'image/png', 64, 64, ?, ?, now())""", jobId, png.length, png);
        fixtures.execute("""
                update image_edit_jobs set status = 'succeeded', input_tokens = 10, output_tokens = 20, total_tokens = 30,
                       finished_at = now(), updated_at = now(), version = version + 1
                where id = ?::uuid and status = 'running'""", jobId);
        publish("dev.overtime.image_edit.succeeded", jobId,
                "{\"schemaVersion\":1,\"attempts\":1,\"upstreamLatencyMs\":" + upstreamLatencyMs + ",\"outputCount\":1}");
    }

    public void fail(String jobId, String code) {
        fixtures.execute("""
                update image_edit_jobs set status = 'failed', error_code = ?, error_message = 'upstream said no',
                       finished_at = now(), updated_at = now(), version = version + 1
                where id = ?::uuid and status = 'running'""", code, jobId);
        publish("dev.overtime.image_edit.failed", jobId, "{\"schemaVersion\":1,\"errorCode\":\"" + code + "\"}");
    }

    /**
     * Fails the job as worker-service does when OpenAI's safety system refused the edit and said why: the stage and
     * categories on the row and in the {@code failed} event.
     */
    public void refuseByModeration(String jobId, String stage, String... categories) {
        fixtures.execute("""
                update image_edit_jobs set status = 'failed', error_code = 'MODERATION_BLOCKED',
                       error_message = 'Your request was rejected by the safety system.',
                       error_moderation_stage = ?, error_moderation_categories = ?,
                       finished_at = now(), updated_at = now(), version = version + 1
                where id = ?::uuid and status = 'running'""", stage, categories, jobId);
        String list = java.util.Arrays.stream(categories).map(c -> "\"" + c + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        publish("dev.overtime.image_edit.failed", jobId, "{\"schemaVersion\":1,\"errorCode\":\"MODERATION_BLOCKED\","
                + "\"moderation\":{\"stage\":\"" + stage + "\",\"categories\":" + list + "}}");
    }

    public void partialImage(String jobId, int index, byte[] png) {
        fixtures.execute("""
                insert into image_edit_partial_images (job_id, position, content_type, size_bytes, data, created_at)
                values (?::uuid, ?, 'image/png', ?, ?, now())""", jobId, index, png.length, png);
        publish("dev.overtime.image_edit.partial_image", jobId,
                "{\"schemaVersion\":1,\"partialImageIndex\":" + index + ",\"contentType\":\"image/png\"}");
    }

    public void publish(String type, String jobId, String data) {
        publish(type, jobId, data, null);
    }

    /** As {@link #publish(String, String, String)}, the event carrying a trace context (CloudEvents traceparent). */
    public void publish(String type, String jobId, String data, String traceparent) {
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/overtime/worker-service\","
                + "\"type\":\"" + type + "\",\"subject\":\"" + jobId + "\",\"time\":\"" + Instant.now() + "\","
                + "\"datacontenttype\":\"application/json\","
                + (traceparent == null ? "" : "\"traceparent\":\"" + traceparent + "\",") + "\"data\":" + data + "}";
        try {
            producer.send(new ProducerRecord<>(Topics.IMAGE_EDIT_EVENTS, jobId, event)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish " + type, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
