package dev.overtime.worker.inputs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The URL cache's rows ({@code input_url_fetches}): what each URL served when last fetched, and until when it counts. */
@ApplicationScoped
class UrlFetchRecords {

    /** A cached fetch; {@code fresh} false once past its expiry (then only its ETag is of use). */
    record Cached(FetchedInput input, String etag, boolean fresh) {
    }

    private final EntityManager em;

    UrlFetchRecords(EntityManager em) {
        this.em = em;
    }

    @Transactional
    Optional<Cached> find(String url) {
        List<Object[]> rows = em.createNativeQuery("""
                        select object_key, encode(sha256, 'hex'), content_type, width, height, size_bytes, etag, expires_at > now()
                          from input_url_fetches where url = :url""", Object[].class)
                .setParameter("url", url)
                .getResultList();
        return rows.stream().findFirst().map(row -> new Cached(new FetchedInput((String) row[0], (String) row[1],
                (String) row[2], ((Number) row[3]).intValue(), ((Number) row[4]).intValue(),
                ((Number) row[5]).longValue()), (String) row[6], (Boolean) row[7]));
    }

    @Transactional
    void record(String url, FetchedInput input, String etag, Instant expiresAt) {
        em.createNativeQuery("""
                        insert into input_url_fetches (url, object_key, sha256, content_type, width, height, size_bytes,
                                                       etag, fetched_at, expires_at)
                        values (:url, :key, decode(:sha, 'hex'), :type, :width, :height, :size, :etag, now(), :expires)
                        on conflict (url) do update
                           set object_key = excluded.object_key, sha256 = excluded.sha256,
                               content_type = excluded.content_type, width = excluded.width, height = excluded.height,
                               size_bytes = excluded.size_bytes, etag = excluded.etag, fetched_at = now(),
                               expires_at = excluded.expires_at""")
                .setParameter("url", url)
                .setParameter("key", input.objectKey())
                .setParameter("sha", input.sha256Hex())
                .setParameter("type", input.contentType())
                .setParameter("width", input.width())
                .setParameter("height", input.height())
                .setParameter("size", input.sizeBytes())
                .setParameter("etag", new TypedParameterValue<>(StandardBasicTypes.STRING, etag))
                .setParameter("expires", Timestamp.from(expiresAt))
                .executeUpdate();
    }

    /** The host said the copy we hold is still current (304): it counts for another while. */
    @Transactional
    void extend(String url, Instant expiresAt) {
        em.createNativeQuery("update input_url_fetches set expires_at = :expires where url = :url")
                .setParameter("expires", Timestamp.from(expiresAt))
                .setParameter("url", url)
                .executeUpdate();
    }

    /** A cached row whose object is gone (retention, an operator) is forgotten, so the URL is fetched again. */
    @Transactional
    void forget(String url) {
        em.createNativeQuery("delete from input_url_fetches where url = :url").setParameter("url", url).executeUpdate();
    }
}
