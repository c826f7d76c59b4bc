package dev.overtime.worker.outbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.worker.config.WorkerConfig;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Publishes one batch of unpublished outbox rows and marks them published, in one transaction. {@code FOR UPDATE
 * SKIP LOCKED} lets every worker and API replica relay at once without publishing a row twice; a failed send
 * rolls the batch back so it is retried, never dropped.
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final MutinyEmitter<String> emitter;
    private final WorkerConfig config;
    private final ObjectMapper json;

    public OutboxPublisher(@Channel("outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                           MutinyEmitter<String> emitter, WorkerConfig config, ObjectMapper json) {
        this.emitter = emitter;
        this.config = config;
        this.json = json;
    }

    /** Publishes up to one batch; returns how many rows were published. */
    @Transactional
    public int publishBatch() {
        @SuppressWarnings("unchecked")
        List<OutboxRow> batch = Panache.getEntityManager().createNativeQuery("""
                        select * from outbox where published_at is null
                        order by id limit ?1 for update skip locked""", OutboxRow.class)
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
                .setParameter(2, batch.stream().map(row -> row.id).toList())
                .executeUpdate();
        return batch.size();
    }

    private Uni<Void> send(OutboxRow row) {
        RecordHeaders headers = new RecordHeaders();
        headers(row).forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return emitter.sendMessage(Message.of(row.payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.recordKey)
                .withHeaders(headers)
                .build()));
    }

    private Map<String, String> headers(OutboxRow row) {
        if (row.headers == null) {
            return Map.of();
        }
        try {
            return json.readValue(row.headers, HEADERS);
        } catch (IOException e) {
            throw new IllegalStateException("outbox row " + row.id + " has unreadable headers", e);
        }
    }
}
