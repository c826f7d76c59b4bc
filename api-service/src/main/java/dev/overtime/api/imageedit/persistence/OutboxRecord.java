package dev.overtime.api.imageedit.persistence;

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
}
