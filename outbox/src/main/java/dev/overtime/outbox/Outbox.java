package dev.overtime.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends Kafka records to the {@code outbox} table inside the caller's transaction, so a record exists if and only
 * if the state change it announces committed; the relay is woken once that transaction commits.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager em;
    private final OutboxRelay relay;

    public Outbox(EntityManager em, OutboxRelay relay) {
        this.em = em;
        this.relay = relay;
    }

    /**
     * The row also keeps the current trace context ({@code traceparent}), so the record continues the trace of the
     * work that wrote it.
     *
     * @param headers Kafka headers for the record (null or empty for none)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(String topic, String key, String payload, Map<String, String> headers) {
        // A plain insert: persisting an entity with an identity id makes Hibernate insert at once and read the key
        // back, which was the costliest step of accepting an edit.
        em.createNativeQuery("insert into outbox (topic, record_key, payload, headers, created_at) values (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, topic)
                .setParameter(2, key)
                .setParameter(3, payload)
                .setParameter(4, OutboxHeaders.column(withTraceparent(headers)))
                .setParameter(5, Instant.now())
                .executeUpdate();
        relay.wakeAfterCommit();
    }

    private static Map<String, String> withTraceparent(Map<String, String> headers) {
        return TraceContext.currentTraceparent().map(traceparent -> {
            Map<String, String> all = new LinkedHashMap<>(headers == null ? Map.of() : headers);
            all.putIfAbsent(TraceContext.TRACEPARENT, traceparent);
            return (Map<String, String>) all;
        }).orElse(headers);
    }
}
