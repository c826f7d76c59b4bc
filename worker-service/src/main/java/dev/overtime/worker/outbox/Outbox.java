package dev.overtime.worker.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Map;

/**
 * Appends Kafka records to the outbox table inside the caller's transaction, so a record exists if and only if
 * the state change it announces committed; {@link OutboxRelay} publishes it afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper json;
    private final OutboxRelay relay;

    public Outbox(ObjectMapper json, OutboxRelay relay) {
        this.json = json;
        this.relay = relay;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, String payload, Map<String, String> headers) {
        OutboxRow row = new OutboxRow();
        row.topic = topic;
        row.recordKey = key;
        row.payload = payload;
        row.headers = headers == null || headers.isEmpty() ? null : write(headers);
        row.createdAt = Instant.now();
        row.persist();
        relay.nudgeAfterCommit();
    }

    /** Serialises a contract record as the JSON payload of a record. */
    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("contract records always serialise", e);
        }
    }
}
