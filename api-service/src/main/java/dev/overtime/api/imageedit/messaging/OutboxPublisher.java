package dev.overtime.api.imageedit.messaging;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.imageedit.persistence.OutboxRecord;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.time.Instant;
import java.util.List;

/**
 * Publishes one batch of unpublished outbox rows and marks them published, in one transaction.
 * {@code FOR UPDATE SKIP LOCKED} lets several API replicas relay at once without publishing a
 * row twice; a failed send rolls the batch back so it is retried, never dropped.
 */
@ApplicationScoped
public class OutboxPublisher {

    static final String CHANNEL = "image-edit-requests";

    private final MutinyEmitter<String> emitter;
    private final ApiConfig config;

    public OutboxPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter, ApiConfig config) {
        this.emitter = emitter;
        this.config = config;
    }

    /** Publishes up to one batch; returns how many rows were published. */
    @Transactional
    public int publishBatch() {
        @SuppressWarnings("unchecked")
        List<OutboxRecord> batch = Panache.getEntityManager().createNativeQuery("""
                        select * from outbox where published_at is null
                        order by id limit ?1 for update skip locked""", OutboxRecord.class)
                .setParameter(1, config.outbox().batchSize())
                .getResultList();
        if (batch.isEmpty()) {
            return 0;
        }
        // The sends run with this transaction suspended (its row locks stay held). Created inside it, their Kafka
        // callbacks would carry it to the producer's thread by context propagation, and a commit racing such a
        // callback fails ("multiple threads active"), rolling back a batch Kafka already has.
        QuarkusTransaction.suspendingExisting().run(() -> Uni.join().all(batch.stream().map(this::send).toList())
                .andFailFast().await().atMost(config.outbox().sendTimeout()));
        // One statement for the batch rather than one dirty-checked update per row.
        Panache.getEntityManager().createNativeQuery("update outbox set published_at = ?1 where id in (?2)")
                .setParameter(1, Instant.now())
                .setParameter(2, batch.stream().map(record -> record.id).toList())
                .executeUpdate();
        return batch.size();
    }

    /** Drops rows published long ago; they only matter until Kafka has them. */
    @Transactional
    public long purgePublishedBefore(Instant cutoff) {
        return OutboxRecord.delete("publishedAt < ?1", cutoff);
    }

    private Uni<Void> send(OutboxRecord record) {
        // Every relay (API or worker) may publish any row, so rows written by the worker keep their headers here too.
        Message<String> message = Message.of(record.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic)
                .withKey(record.recordKey)
                .withHeaders(OutboxHeaders.of(record.headers))
                .build());
        return emitter.sendMessage(message);
    }
}
