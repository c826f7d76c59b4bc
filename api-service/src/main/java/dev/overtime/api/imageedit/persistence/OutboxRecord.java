package dev.overtime.api.imageedit.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A Kafka record waiting to be published, written in the same transaction as the state it announces. */
@Entity
@Table(name = "outbox")
public class OutboxRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(nullable = false)
    public String topic;
    @Column(name = "record_key", nullable = false)
    public String recordKey;
    @Column(nullable = false)
    public String payload;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    /** Kafka headers as a JSON object of strings, or null (the worker's CloudEvents rows carry a content type). */
    public String headers;
    @Column(name = "published_at")
    public Instant publishedAt;

    /**
     * Appends a record in the caller's transaction. A plain insert: persisting an entity with an identity id makes
     * Hibernate run the insert at once and read the key back, which was the costliest step of accepting an edit.
     */
    public static void append(String topic, String recordKey, String payload, String headers, Instant createdAt) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into outbox (topic, record_key, payload, headers, created_at) values (?1, ?2, ?3, ?4, ?5)""")
                .setParameter(1, topic)
                .setParameter(2, recordKey)
                .setParameter(3, payload)
                .setParameter(4, headers)
                .setParameter(5, createdAt)
                .executeUpdate();
    }
}
