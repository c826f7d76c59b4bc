package dev.overtime.api.push.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overtime.api.batch.persistence.ImageEditBatch;
import dev.overtime.api.batch.view.BatchReads;
import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.PushConfig;
import dev.overtime.api.imageedit.view.JobSnapshot;
import dev.overtime.api.imageedit.view.JobReads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The webhook outbox: one row per message with its due time, claimed by dispatchers on any replica
 * with {@code FOR UPDATE SKIP LOCKED} and a lease, retried with exponential backoff until given up.
 */
@ApplicationScoped
public class WebhookDeliveries {

    /**
     * A claimed message, ready to send: about one job ({@code jobId}) or one batch ({@code batchId}), never both.
     *
     * @param traceparent the trace context of the event that queued it (null for none)
     */
    public record Due(String id, UUID jobId, UUID batchId, String owner, String url, String payload, int attempt,
                      String traceparent) {

        /** What the log line names: {@code jobId=…} or {@code batchId=…}. */
        String subject() {
            return jobId != null ? "jobId=" + jobId : "batchId=" + batchId;
        }
    }

    /** Whose delivery log to read. */
    public enum Subject {
        JOB("job_id"), BATCH("batch_id");

        private final String column;

        Subject(String column) {
            this.column = column;
        }
    }

    /** The webhook message type of a batch's completion, and its name in {@code webhook_events}. */
    public static final String BATCH_COMPLETED = "batch.completed";

    public enum Outcome { DELIVERED, RETRY, GONE }

    private final EntityManager em;
    private final JobReads snapshots;
    private final BatchReads batches;
    private final ObjectMapper json;
    private final PushConfig.Webhooks config;

    public WebhookDeliveries(EntityManager em, JobReads snapshots, BatchReads batches, ObjectMapper json,
                             ApiConfig config) {
        this.em = em;
        this.snapshots = snapshots;
        this.batches = batches;
        this.json = json;
        this.config = config.push().webhooks();
    }

    /** Which of these jobs have an active webhook: one query for a whole batch of events, most of them without. */
    @Transactional
    public Set<UUID> withActiveWebhook(Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Set.of();
        }
        @SuppressWarnings("unchecked")
        List<UUID> rows = em.createNativeQuery(
                        "select job_id from image_edit_webhooks where job_id in (:ids) and disabled_at is null", UUID.class)
                .setParameter("ids", jobIds).getResultList();
        return Set.copyOf(rows);
    }

    /** Queues the message for a job event if the job has a webhook that wants it; idempotent across replicas. */
    @Transactional
    public boolean enqueue(UUID jobId, String event, String suffix, String traceparent) {
        List<?> rows = em.createNativeQuery("select events from image_edit_webhooks where job_id = ?1 and disabled_at is null")
                .setParameter(1, jobId).getResultList();
        if (rows.isEmpty() || !Arrays.asList(((String) rows.getFirst()).split(",")).contains(event)) {
            return false;
        }
        Optional<JobSnapshot> snapshot = snapshots.load(jobId);
        if (snapshot.isEmpty()) {
            return false;
        }
        String id = "msg_" + jobId.toString().replace("-", "") + "_" + event + (suffix == null ? "" : "_" + suffix);
        return insert(id, Subject.JOB, jobId, event, "image_edit." + event, snapshot.get().view(), traceparent);
    }

    /**
     * Queues a batch's {@value #BATCH_COMPLETED} message if the batch has an active webhook; idempotent across
     * replicas. Its data is the batch as {@code GET /v1/image-edit-batches/{id}} shows it, without the items.
     */
    @Transactional
    public boolean enqueueBatchCompleted(UUID batchId, String traceparent) {
        List<?> rows = em.createNativeQuery(
                        "select 1 from image_edit_batch_webhooks where batch_id = ?1 and disabled_at is null")
                .setParameter(1, batchId).getResultList();
        if (rows.isEmpty()) {
            return false;
        }
        ImageEditBatch batch = ImageEditBatch.findById(batchId);
        if (batch == null) {
            return false;
        }
        String id = "msg_" + batchId.toString().replace("-", "") + "_batch_completed";
        return insert(id, Subject.BATCH, batchId, BATCH_COMPLETED, BATCH_COMPLETED, batches.summary(batch),
                traceparent);
    }

    private boolean insert(String id, Subject subject, UUID subjectId, String event, String type, Object data,
                           String traceparent) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ObjectNode message = json.createObjectNode().put("type", type).put("timestamp", now.toString());
        message.set("data", json.valueToTree(data));
        int inserted = em.createNativeQuery("""
                        insert into webhook_deliveries (id, %s, event_type, payload, status, next_attempt_at, give_up_at,
                                                        created_at, traceparent)
                        values (?1, ?2, ?3, ?4, 'pending', ?5, ?6, ?5, ?7) on conflict (id) do nothing"""
                        .formatted(subject.column))
                .setParameter(1, id).setParameter(2, subjectId).setParameter(3, event).setParameter(4, write(message))
                .setParameter(7, new TypedParameterValue<>(StandardBasicTypes.STRING, traceparent))
                .setParameter(5, Timestamp.from(now)).setParameter(6, Timestamp.from(now.plus(config.retryPeriod())))
                .executeUpdate();
        return inserted == 1;
    }

    /**
     * Claims up to {@code limit} due messages, at most {@code perOwner} per owner less what the owner has in flight
     * ({@code occupied} names each owner once per attempt in flight here). Their due time moves past the attempt's
     * timeout, a lease: a crashed sender's rows come back. A job's and a batch's messages share the owner's slots.
     */
    @Transactional
    public List<Due> claimDue(int limit, int perOwner, List<String> occupied) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                        with ranked as (
                            select d.id, coalesce(w.owner, bw.owner) as owner,
                                   row_number() over (partition by coalesce(w.owner, bw.owner)
                                                      order by d.next_attempt_at, d.id) as place
                            from webhook_deliveries d
                                 left join image_edit_webhooks w on w.job_id = d.job_id
                                 left join image_edit_batch_webhooks bw on bw.batch_id = d.batch_id
                            where d.status = 'pending' and d.next_attempt_at <= now()
                        ), busy as (
                            select owner, count(*) as in_flight from unnest(cast(?3 as text[])) as b(owner) group by owner
                        )
                        select d.id, d.job_id, d.batch_id, coalesce(w.owner, bw.owner), coalesce(w.url, bw.url),
                               d.payload, d.attempts, d.traceparent
                        from webhook_deliveries d
                             left join image_edit_webhooks w on w.job_id = d.job_id
                             left join image_edit_batch_webhooks bw on bw.batch_id = d.batch_id
                        where d.status = 'pending' and d.next_attempt_at <= now()
                          and d.id in (select r.id from ranked r left join busy b on b.owner = r.owner
                                        where r.place <= ?2 - coalesce(b.in_flight, 0))
                        order by d.next_attempt_at limit ?1
                        for update of d skip locked""", Object[].class)
                .setParameter(1, limit).setParameter(2, perOwner).setParameter(3, occupied.toArray(String[]::new))
                .getResultList();
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Due> due = rows.stream().map(r -> new Due((String) r[0], (UUID) r[1], (UUID) r[2], (String) r[3],
                (String) r[4], (String) r[5], ((Number) r[6]).intValue() + 1, (String) r[7])).toList();
        em.createNativeQuery("update webhook_deliveries set next_attempt_at = ?1 where id = any(?2)")
                .setParameter(1, Timestamp.from(Instant.now().plus(config.timeout().multipliedBy(3))))
                .setParameter(2, due.stream().map(Due::id).toArray(String[]::new))
                .executeUpdate();
        return due;
    }

    /** Records one attempt and decides what happens next. */
    @Transactional
    public void record(Due due, Integer httpStatus, String error, long durationMs, Outcome outcome) {
        Instant now = Instant.now();
        em.createNativeQuery("""
                        insert into webhook_delivery_attempts (delivery_id, attempt, attempted_at, http_status, error, duration_ms)
                        values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing""")
                .setParameter(1, due.id()).setParameter(2, due.attempt()).setParameter(3, Timestamp.from(now))
                .setParameter(4, httpStatus).setParameter(5, error).setParameter(6, durationMs).executeUpdate();
        switch (outcome) {
            case DELIVERED -> em.createNativeQuery("""
                            update webhook_deliveries set status = 'delivered', attempts = ?2, last_status = ?3,
                                   last_error = null, delivered_at = ?4, next_attempt_at = null where id = ?1""")
                    .setParameter(1, due.id()).setParameter(2, due.attempt()).setParameter(3, httpStatus)
                    .setParameter(4, Timestamp.from(now)).executeUpdate();
            case GONE -> {
                // 410 Gone: the receiver asks us to stop; the endpoint is disabled for this job (or batch).
                boolean job = due.jobId() != null;
                UUID subject = job ? due.jobId() : due.batchId();
                em.createNativeQuery(job ? "update image_edit_webhooks set disabled_at = ?2 where job_id = ?1"
                                : "update image_edit_batch_webhooks set disabled_at = ?2 where batch_id = ?1")
                        .setParameter(1, subject).setParameter(2, Timestamp.from(now)).executeUpdate();
                em.createNativeQuery("""
                                update webhook_deliveries set status = 'disabled', next_attempt_at = null,
                                       attempts = case when id = ?2 then ?3 else attempts end,
                                       last_status = case when id = ?2 then 410 else last_status end
                                where %s = ?1 and status = 'pending'""".formatted(
                                (job ? Subject.JOB : Subject.BATCH).column))
                        .setParameter(1, subject).setParameter(2, due.id()).setParameter(3, due.attempt()).executeUpdate();
            }
            case RETRY -> {
                Instant next = now.plus(backoff(due.attempt()));
                em.createNativeQuery("""
                                update webhook_deliveries set attempts = ?2, last_status = ?3, last_error = ?4,
                                       status = case when cast(?5 as timestamptz) > give_up_at then 'failed' else 'pending' end,
                                       next_attempt_at = case when cast(?5 as timestamptz) > give_up_at then null
                                                              else cast(?5 as timestamptz) end
                                where id = ?1""")
                        .setParameter(1, due.id()).setParameter(2, due.attempt()).setParameter(3, httpStatus)
                        .setParameter(4, error).setParameter(5, Timestamp.from(next)).executeUpdate();
            }
        }
    }

    Duration backoff(int attempt) {
        Duration delay = config.firstBackoff().multipliedBy(1L << Math.min(20, attempt - 1));
        return delay.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : delay;
    }

    /** The job's (or batch's) delivery log, oldest message first, each with its attempts. */
    @Transactional
    public List<DeliveryView> log(Subject subject, UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> deliveries = em.createNativeQuery("""
                        select id, event_type, status, attempts, next_attempt_at, last_status, last_error, created_at, delivered_at
                        from webhook_deliveries where %s = ?1 order by created_at, id""".formatted(subject.column),
                        Object[].class)
                .setParameter(1, id).getResultList();
        return deliveries.stream().map(r -> {
            @SuppressWarnings("unchecked")
            List<Object[]> attempts = em.createNativeQuery("""
                            select attempt, attempted_at, http_status, error, duration_ms
                            from webhook_delivery_attempts where delivery_id = ?1 order by attempt""", Object[].class)
                    .setParameter(1, r[0]).getResultList();
            return new DeliveryView((String) r[0], (String) r[1], (String) r[2], ((Number) r[3]).intValue(),
                    instant(r[4]), r[5] == null ? null : ((Number) r[5]).intValue(), (String) r[6], instant(r[7]),
                    instant(r[8]), attempts.stream().map(a -> new DeliveryView.Attempt(((Number) a[0]).intValue(),
                            instant(a[1]), a[2] == null ? null : ((Number) a[2]).intValue(), (String) a[3],
                            ((Number) a[4]).longValue())).toList());
        }).toList();
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant i -> i;
            case Timestamp t -> t.toInstant();
            case java.time.OffsetDateTime o -> o.toInstant();
            default -> null;
        };
    }

    private String write(ObjectNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
