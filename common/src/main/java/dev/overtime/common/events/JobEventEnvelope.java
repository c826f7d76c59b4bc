package dev.overtime.common.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A lifecycle event on {@code image-edit.events} as a structured CloudEvent 1.0 (JSON format): {@code type} names the
 * event record in {@code data}, {@code subject} and the Kafka key are the job id.
 *
 * @param time        RFC 3339 with milliseconds, as producers have always written it
 * @param data        the event record as a JSON tree (serialised by the producer's own mapper); a missing node when absent
 * @param traceparent the W3C trace context of the work that caused the event (CloudEvents' Distributed Tracing
 *                    extension), or null; a consumer continues that trace from it
 */
@JsonPropertyOrder({"specversion", "id", "source", "type", "subject", "time", "datacontenttype", "traceparent", "data"})
public record JobEventEnvelope(String specversion, String id, String source, String type, String subject, String time,
                               String datacontenttype, JsonNode data,
                               @JsonInclude(JsonInclude.Include.NON_NULL) String traceparent) {

    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";
    /** The Kafka headers of every envelope's record: structured content mode. */
    public static final Map<String, String> KAFKA_HEADERS =
            Map.of("content-type", "application/cloudevents+json; charset=UTF-8");

    // Plain mapper: the tree in data is already serialised, and consumers must tolerate extension attributes.
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public JobEventEnvelope {
        data = data == null ? MissingNode.getInstance() : data;
    }

    /** A new event about {@code jobId} from {@code source}, with a fresh id and the current time. */
    public static JobEventEnvelope of(String source, String type, UUID jobId, JsonNode data) {
        return new JobEventEnvelope(SPEC_VERSION, UUID.randomUUID().toString(), source, type, jobId.toString(),
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), DATA_CONTENT_TYPE, data, null);
    }

    /** This event carrying the trace context {@code traceparent} (null for none). */
    public JobEventEnvelope withTraceparent(String traceparent) {
        return new JobEventEnvelope(specversion, id, source, type, subject, time, datacontenttype, data, traceparent);
    }

    /** Reads a record value; attributes it lacks are null. */
    public static JobEventEnvelope parse(String json) {
        try {
            return JSON.readValue(json, JobEventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a job event: " + e.getOriginalMessage(), e);
        }
    }

    /** The record value: a JSON object with the attributes in the order above. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an envelope always serialises", e);
        }
    }

    /** The job the event is about: its {@code subject}, or the job id inside {@code data} when there is no subject. */
    public Optional<UUID> jobId() {
        String id = subject != null ? subject : data.at("/job/jobId").asText(null);
        try {
            return id == null ? Optional.empty() : Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
