package dev.overtime.worker.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
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
    private final EntityManager em;

    public Outbox(ObjectMapper json, OutboxRelay relay, EntityManager em) {
        this.json = json;
        this.relay = relay;
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, String payload, Map<String, String> headers) {
        // A plain insert: persisting an entity with an identity id makes Hibernate insert at once and read the key back.
        em.createNativeQuery("insert into outbox (topic, record_key, payload, headers, created_at) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, topic)
                .setParameter(2, key)
                .setParameter(3, payload)
                .setParameter(4, headers == null || headers.isEmpty() ? null : write(headers))
                .setParameter(5, Instant.now())
                .executeUpdate();
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
