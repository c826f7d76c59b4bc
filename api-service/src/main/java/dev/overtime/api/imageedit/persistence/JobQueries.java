package dev.overtime.api.imageedit.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.storage.ObjectKeys;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Read queries for jobs, their outputs and attempts; image bytes are fetched only when served. */
@ApplicationScoped
@Transactional
public class JobQueries {

    // Reads only PostgreSQL's own arrays of numbers, strings and booleans: no configuration to share.
    private static final ObjectMapper TREES = new ObjectMapper();

    /** A job with everything its status answer shows. */
    public record JobRecord(ImageEditJob job, List<OutputSummary> outputs, List<AttemptSummary> attempts) {
    }

    /**
     * The job with its outputs and attempt log in one round trip (the two lists as JSON arrays, timestamps as epoch
     * microseconds), whoever owns it; empty if there is none.
     */
    public Optional<JobRecord> record(UUID id) {
        @SuppressWarnings({"deprecation", "unchecked"})
        List<?> rows = ((NativeQuery<Object[]>) em().unwrap(Session.class).createNativeQuery("""
                        select {j.*},
                          (select coalesce(json_agg(json_build_array(o.position, o.content_type, o.width, o.height,
                                      o.size_bytes, (extract(epoch from o.expires_at) * 1000000)::bigint,
                                      o.deleted_at is not null,
                                      (select coalesce(json_agg(json_build_array(v.name, v.content_type, v.width,
                                                  v.height, v.size_bytes) order by v.width desc, v.name), '[]')
                                         from image_edit_output_variants v
                                        where v.job_id = o.job_id and v.position = o.position
                                          and v.deleted_at is null)) order by o.position), '[]')::text
                             from image_edit_outputs o where o.job_id = j.id) as outputs,
                          (select coalesce(json_agg(json_build_array(a.attempt,
                                      (extract(epoch from a.started_at) * 1000000)::bigint, a.duration_ms,
                                      a.http_status, a.upstream_request_id, a.error_code, a.cost_usd::text)
                                      order by a.attempt), '[]')::text
                             from image_edit_attempts a where a.job_id = j.id) as attempts
                        from image_edit_jobs j where j.id = :id"""))
                .addEntity("j", ImageEditJob.class)
                .addScalar("outputs", StandardBasicTypes.STRING)
                .addScalar("attempts", StandardBasicTypes.STRING)
                .setParameter("id", id)
                .getResultList();
        return rows.stream().findFirst().map(row -> {
            Object[] r = (Object[]) row;
            return new JobRecord((ImageEditJob) r[0], outputsOf(tree((String) r[1])), attemptsOf(tree((String) r[2])));
        });
    }

    private static List<OutputSummary> outputsOf(JsonNode rows) {
        List<OutputSummary> outputs = new ArrayList<>(rows.size());
        for (JsonNode r : rows) {
            List<OutputSummary.VariantSummary> variants = new ArrayList<>(r.get(7).size());
            for (JsonNode v : r.get(7)) {
                variants.add(new OutputSummary.VariantSummary(v.get(0).asText(), v.get(1).asText(), v.get(2).asInt(),
                        v.get(3).asInt(), v.get(4).asInt()));
            }
            outputs.add(new OutputSummary(r.get(0).asInt(), r.get(1).asText(), r.get(2).asInt(), r.get(3).asInt(),
                    r.get(4).asInt(), micros(r.get(5)), r.get(6).asBoolean(), variants));
        }
        return outputs;
    }

    private static List<AttemptSummary> attemptsOf(JsonNode rows) {
        List<AttemptSummary> attempts = new ArrayList<>(rows.size());
        for (JsonNode r : rows) {
            attempts.add(new AttemptSummary(r.get(0).asInt(), micros(r.get(1)),
                    r.get(2).isNull() ? null : r.get(2).asLong(), r.get(3).isNull() ? null : r.get(3).asInt(),
                    r.get(4).isNull() ? null : r.get(4).asText(), r.get(5).isNull() ? null : r.get(5).asText(),
                    AttemptSummary.usd(r.get(6) == null || r.get(6).isNull() ? null : r.get(6).asText())));
        }
        return attempts;
    }

    private static Instant micros(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        long us = value.asLong();
        return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
    }

    private static JsonNode tree(String json) {
        try {
            return TREES.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("PostgreSQL's json_agg is JSON", e);
        }
    }

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
                               case when object_key is null and attempt is null then data end, attempt
                        from image_edit_outputs where job_id = ?1 and position = ?2""", Object[].class)
                .setParameter(1, jobId)
                .setParameter(2, position)
                .getResultList();
        return rows.stream().findFirst().map(row -> {
            Object[] r = (Object[]) row;
            Integer attempt = r[6] == null ? null : ((Number) r[6]).intValue();
            return new OutputImage((String) r[0], ((Number) r[1]).longValue(),
                    ObjectKeys.outputOf(jobId, attempt, position, (String) r[2]), instant(r[3]), (Boolean) r[4],
                    (byte[]) r[5]);
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
                        select attempt, started_at, duration_ms, http_status, upstream_request_id, error_code,
                               cost_usd::text
                        from image_edit_attempts where job_id = ?1 order by attempt""", Object[].class)
                .setParameter(1, jobId)
                .getResultList().stream()
                .map(row -> {
                    Object[] r = (Object[]) row;
                    return new AttemptSummary(((Number) r[0]).intValue(), toInstant(r[1]),
                            r[2] == null ? null : ((Number) r[2]).longValue(),
                            r[3] == null ? null : ((Number) r[3]).intValue(), (String) r[4], (String) r[5],
                            AttemptSummary.usd((String) r[6]));
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
