package dev.overtime.api.imageedit.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Read queries for jobs, their outputs and attempts; image bytes are fetched only when served. */
@ApplicationScoped
@Transactional
public class JobQueries {

    public Optional<ImageEditJob> findOwned(UUID id, String owner) {
        return ImageEditJob.<ImageEditJob>find("id = ?1 and owner = ?2", id, owner).firstResultOptional();
    }

    /** Newest first; {@code after} is the (createdAt, id) of the last job on the previous page. */
    public List<ImageEditJob> listOwned(String owner, Instant afterCreatedAt, UUID afterId, int limit) {
        if (afterCreatedAt == null) {
            return ImageEditJob.<ImageEditJob>find("owner = ?1 order by createdAt desc, id desc", owner)
                    .page(0, limit).list();
        }
        return ImageEditJob.<ImageEditJob>find(
                        "owner = ?1 and (createdAt < ?2 or (createdAt = ?2 and id < ?3)) order by createdAt desc, id desc",
                        owner, afterCreatedAt, afterId)
                .page(0, limit).list();
    }

    public List<OutputSummary> outputs(UUID jobId) {
        java.util.Map<Integer, List<OutputSummary.VariantSummary>> variants = variants(jobId);
        return em().createNativeQuery("""
                        select position, content_type, width, height, size_bytes, expires_at, deleted_at is not null
                        from image_edit_outputs where job_id = ?1 order by position""", Object[].class)
                .setParameter(1, jobId)
                .getResultList().stream()
                .map(row -> {
                    Object[] r = (Object[]) row;
                    return new OutputSummary(((Number) r[0]).intValue(), (String) r[1], ((Number) r[2]).intValue(),
                            ((Number) r[3]).intValue(), ((Number) r[4]).intValue(), instant(r[5]), (Boolean) r[6],
                            variants.getOrDefault(((Number) r[0]).intValue(), List.of()));
                })
                .toList();
    }

    // Per output position; expired ones are left out (their output shows expired itself).
    private java.util.Map<Integer, List<OutputSummary.VariantSummary>> variants(UUID jobId) {
        java.util.Map<Integer, List<OutputSummary.VariantSummary>> byPosition = new java.util.TreeMap<>();
        List<?> rows = em().createNativeQuery("""
                        select position, name, content_type, width, height, size_bytes
                        from image_edit_output_variants where job_id = ?1 and deleted_at is null
                        order by position, width desc, name""", Object[].class)
                .setParameter(1, jobId)
                .getResultList();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            byPosition.computeIfAbsent(((Number) r[0]).intValue(), p -> new java.util.ArrayList<>())
                    .add(new OutputSummary.VariantSummary((String) r[1], (String) r[2], ((Number) r[3]).intValue(),
                            ((Number) r[4]).intValue(), ((Number) r[5]).intValue()));
        }
        return byPosition;
    }

    /** Where a variant of an output is, as {@link #output} for the output itself. */
    public Optional<OutputImage> variant(UUID jobId, int position, String name) {
        List<?> rows = em().createNativeQuery("""
                        select v.content_type, v.size_bytes, v.object_key, v.expires_at, v.deleted_at is not null
                        from image_edit_output_variants v where v.job_id = ?1 and v.position = ?2 and v.name = ?3""",
                        Object[].class)
                .setParameter(1, jobId)
                .setParameter(2, position)
                .setParameter(3, name)
                .getResultList();
        return rows.stream().findFirst().map(row -> {
            Object[] r = (Object[]) row;
            return new OutputImage((String) r[0], ((Number) r[1]).longValue(), (String) r[2], instant(r[3]),
                    (Boolean) r[4], null);
        });
    }

    /** Where an output is, without its bytes (only a row written before V6 still holds them). */
    public Optional<OutputImage> output(UUID jobId, int position) {
        List<?> rows = em().createNativeQuery("""
                        select content_type, size_bytes, object_key, expires_at, deleted_at is not null,
                               case when object_key is null then data end
                        from image_edit_outputs where job_id = ?1 and position = ?2""", Object[].class)
                .setParameter(1, jobId)
                .setParameter(2, position)
                .getResultList();
        return rows.stream().findFirst().map(row -> {
            Object[] r = (Object[]) row;
            return new OutputImage((String) r[0], ((Number) r[1]).longValue(), (String) r[2], instant(r[3]),
                    (Boolean) r[4], (byte[]) r[5]);
        });
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case null -> null;
            case Instant instant -> instant;
            case java.time.OffsetDateTime offset -> offset.toInstant();
            case java.sql.Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + value.getClass());
        };
    }

    public List<AttemptSummary> attempts(UUID jobId) {
        return em().createNativeQuery("""
                        select attempt, started_at, duration_ms, http_status, upstream_request_id, error_code
                        from image_edit_attempts where job_id = ?1 order by attempt""", Object[].class)
                .setParameter(1, jobId)
                .getResultList().stream()
                .map(row -> {
                    Object[] r = (Object[]) row;
                    return new AttemptSummary(((Number) r[0]).intValue(), toInstant(r[1]),
                            r[2] == null ? null : ((Number) r[2]).longValue(),
                            r[3] == null ? null : ((Number) r[3]).intValue(), (String) r[4], (String) r[5]);
                })
                .toList();
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return null;
    }

    private static EntityManager em() {
        return Panache.getEntityManager();
    }
}
