package dev.overtime.worker.edit.messaging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes job lifecycle events to {@code image-edit.events} as structured CloudEvents keyed by job id, and waits
 * for the broker's acknowledgement.
 */
@ApplicationScoped
public class LifecycleEventPublisher {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    private final MutinyEmitter<Map<String, Object>> emitter;
    private final ObjectMapper json;

    public LifecycleEventPublisher(
            // Every in-flight edit may publish at once; the buffer only has to absorb a burst of them.
            @Channel("image-edit-events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
            MutinyEmitter<Map<String, Object>> emitter,
            ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    /**
     * Sends {@code event} as the data of a CloudEvent of {@code type} with subject = job id. The job's state in
     * PostgreSQL is the truth and is already committed; a lost analytics event must not undo it, so a failed send
     * is logged rather than thrown.
     */
    public void publish(String type, UUID jobId, Object event) {
        // The structured encoder writes the data with Vert.x JSON; hand it our mapper's tree so dates stay ISO-8601.
        Map<String, Object> data = json.convertValue(event, JSON_OBJECT);
        Message<Map<String, Object>> message = Message.of(data)
                .addMetadata(OutgoingCloudEventMetadata.builder()
                        .withId(UUID.randomUUID().toString())
                        .withType(type)
                        .withSubject(jobId.toString())
                        .withDataContentType("application/json")
                        .withTimestamp(ZonedDateTime.now(ZoneOffset.UTC))
                        .build())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(jobId.toString()).build());
        try {
            emitter.sendMessageAndAwait(message);
        } catch (RuntimeException e) {
            Log.warnf(e, "could not publish %s event", type);
        }
    }
}
