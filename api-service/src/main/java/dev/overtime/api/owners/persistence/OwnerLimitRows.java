package dev.overtime.api.owners.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The rows of {@code owner_limits} (V20): what an admin set for an owner; a null limit means the default. */
@ApplicationScoped
public class OwnerLimitRows {

    /** One row as stored. */
    public record Row(String owner, Integer maxConcurrentEdits, Integer maxQueuedJobs, Integer requestsPerMinute,
                      BigDecimal monthlyBudgetUsd, String maxPriority, Instant createdAt, Instant updatedAt) {
    }

    private static final String COLUMNS = "owner, max_concurrent_edits, max_queued_jobs, requests_per_minute, "
            + "monthly_budget_usd, max_priority, created_at, updated_at";

    private final EntityManager em;

    public OwnerLimitRows(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public Optional<Row> find(String owner) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS + " from owner_limits where owner = :owner")
                .setParameter("owner", owner)
                .getResultList();
        return rows.stream().findFirst().map(OwnerLimitRows::row);
    }

    /** Owners with limits of their own, by name, after {@code after} (exclusive; null from the start). */
    @Transactional
    public List<Row> list(String after, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS + " from owner_limits"
                        + " where owner > :after order by owner limit :limit")
                .setParameter("after", after == null ? "" : after)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(OwnerLimitRows::row).toList();
    }

    /** Replaces the owner's limits (a null one returns to the default); the first PUT creates the row. */
    @Transactional
    public Row replace(String owner, Integer maxConcurrentEdits, Integer maxQueuedJobs, Integer requestsPerMinute,
                       BigDecimal monthlyBudgetUsd, String maxPriority, Instant now) {
        em.createNativeQuery("""
                        insert into owner_limits (owner, max_concurrent_edits, max_queued_jobs, requests_per_minute,
                                                  monthly_budget_usd, max_priority, created_at, updated_at)
                        values (:owner, :concurrent, :queued, :rpm, :budget, :priority, :now, :now)
                        on conflict (owner) do update
                           set max_concurrent_edits = excluded.max_concurrent_edits,
                               max_queued_jobs = excluded.max_queued_jobs,
                               requests_per_minute = excluded.requests_per_minute,
                               monthly_budget_usd = excluded.monthly_budget_usd,
                               max_priority = excluded.max_priority,
                               updated_at = excluded.updated_at""")
                .setParameter("owner", owner)
                .setParameter("concurrent", new TypedParameterValue<>(StandardBasicTypes.INTEGER, maxConcurrentEdits))
                .setParameter("queued", new TypedParameterValue<>(StandardBasicTypes.INTEGER, maxQueuedJobs))
                .setParameter("rpm", new TypedParameterValue<>(StandardBasicTypes.INTEGER, requestsPerMinute))
                .setParameter("budget", new TypedParameterValue<>(StandardBasicTypes.BIG_DECIMAL, monthlyBudgetUsd))
                .setParameter("priority", new TypedParameterValue<>(StandardBasicTypes.STRING, maxPriority))
                .setParameter("now", Timestamp.from(now))
                .executeUpdate();
        return find(owner).orElseThrow();
    }

    private static Row row(Object[] r) {
        return new Row((String) r[0], integer(r[1]), integer(r[2]), integer(r[3]), (BigDecimal) r[4], (String) r[5],
                instant(r[6]), instant(r[7]));
    }

    private static Integer integer(Object value) {
        return value == null ? null : ((Number) value).intValue();
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant i -> i;
            case Timestamp t -> t.toInstant();
            case java.time.OffsetDateTime o -> o.toInstant();
            default -> throw new IllegalStateException("not a timestamp: " + value);
        };
    }
}
