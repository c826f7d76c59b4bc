package dev.overtime.outbox;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Publishes one batch of unpublished outbox rows and marks them published, in one transaction. {@code FOR UPDATE
 * SKIP LOCKED} lets every API and worker replica relay at once without publishing a row twice; a failed send rolls
 * the batch back so it is retried, never dropped. Any relay may publish any row, whoever wrote it.
 */
@ApplicationScoped
public class OutboxPublisher {

    /** The Kafka channel every service configures ({@code mp.messaging.outgoing.outbox.*}); each row names its topic. */
    public static final String CHANNEL = "outbox";

    private final MutinyEmitter<String> emitter;
    private final OutboxSettings settings;
    private final EntityManager em;
    private final OutboxLag lag;
    private final Tracer tracer;

    public OutboxPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                           MutinyEmitter<String> emitter, OutboxSettings settings, EntityManager em, OutboxLag lag,
                           Tracer tracer) {
        this.tracer = tracer;
        this.emitter = emitter;
        this.settings = settings;
        this.em = em;
        this.lag = lag;
    }

    /** Publishes up to one batch; returns how many rows were published. */
    @Transactional
    public int publishBatch() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        select id, topic, record_key, payload, headers, created_at from outbox where published_at is null
                        order by id limit ?1 for update skip locked""", Object[].class)
                .setParameter(1, settings.batchSize())
                .getResultList();
        if (rows.isEmpty()) {
            lag.caughtUp();
            return 0;
        }
        List<OutboxRow> batch = rows.stream().map(OutboxRow::of).toList();
        lag.saw(batch.getFirst().createdAt());
        // The sends run with this transaction suspended (its row locks stay held). Created inside it, their Kafka
        // callbacks would carry it to the producer's thread by context propagation, and a commit racing such a
        // callback fails ("multiple threads active"), rolling back a batch Kafka already has.
        QuarkusTransaction.suspendingExisting().run(() -> Uni.join().all(batch.stream().map(this::send).toList())
                .andFailFast().await().atMost(settings.sendTimeout()));
        // One statement for the batch rather than one update per row.
        em.createNativeQuery("update outbox set published_at = ?1 where id in (?2)")
                .setParameter(1, Instant.now())
                .setParameter(2, batch.stream().map(OutboxRow::id).toList())
                .executeUpdate();
        if (batch.size() < settings.batchSize()) {
            lag.caughtUp();
        }
        return batch.size();
    }

    /** Drops rows published before {@code cutoff}; they only matter until Kafka has them. */
    @Transactional
    public int purgePublishedBefore(Instant cutoff) {
        return em.createNativeQuery("delete from outbox where published_at < ?1")
                .setParameter(1, cutoff)
                .executeUpdate();
    }

    // A publish span in the trace of the work that wrote the row; the record's traceparent names it, so a consumer's
    // span follows the publication. (The channel's own tracing is off: it would start a trace of the relay's.)
    private Uni<Void> send(OutboxRow row) {
        RecordHeaders headers = OutboxHeaders.kafka(row.headers());
        Header stored = headers.lastHeader(TraceContext.TRACEPARENT);
        Span span = tracer.spanBuilder(row.topic() + " publish").setSpanKind(SpanKind.PRODUCER)
                .setParent(TraceContext.of(stored == null ? null : new String(stored.value(), StandardCharsets.UTF_8)))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", row.topic())
                .setAttribute("messaging.kafka.message.key", row.recordKey())
                .startSpan();
        TraceContext.traceparentOf(Context.root().with(span)).ifPresent(traceparent -> {
            headers.remove(TraceContext.TRACEPARENT);
            headers.add(TraceContext.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
        });
        return emitter.sendMessage(Message.of(row.payload()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(row.topic())
                        .withKey(row.recordKey())
                        .withHeaders(headers)
                        .build()))
                .onFailure().invoke(failure -> span.setStatus(StatusCode.ERROR, failure.toString()))
                .onTermination().invoke(span::end);
    }
}
