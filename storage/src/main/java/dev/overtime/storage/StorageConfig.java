package dev.overtime.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Where image bytes live: one bucket behind the S3 API, with the production defaults. Every key is settable by
 * environment variable ({@code OVERTIME_STORAGE_ENDPOINT}, {@code OVERTIME_STORAGE_BUCKET}, …).
 *
 * <p>AWS S3: leave the endpoint and the keys unset (the region's endpoint, the default credentials chain). MinIO,
 * Ceph RGW, S3Proxy: endpoint + keys + {@code path-style=true}. Cloudflare R2: endpoint
 * {@code https://<account>.r2.cloudflarestorage.com}, region {@code auto}, keys. GCS interoperability: endpoint
 * {@code https://storage.googleapis.com}, HMAC keys, {@code path-style=true}, region {@code auto}.
 */
@ConfigMapping(prefix = "overtime.storage")
public interface StorageConfig {

    /** The S3 API's base URL; absent means AWS's own endpoint for {@link #region()}. */
    Optional<URI> endpoint();

    /**
     * The base URL presigned URLs carry, when clients reach the store by another name than the services do (compose:
     * the services use {@code http://s3:9000}, a browser {@code http://localhost:9100}); absent means {@link #endpoint()}.
     */
    Optional<URI> publicEndpoint();

    /** The region requests are signed for; S3-compatible stores mostly accept any value. */
    @WithDefault("us-east-1")
    String region();

    /** With {@link #secretKey()}: static credentials. Both absent: the AWS default credentials chain. */
    Optional<String> accessKey();

    Optional<String> secretKey();

    @WithDefault("overtime")
    String bucket();

    /** {@code https://host/bucket/key} instead of {@code https://bucket.host/key}: what most non-AWS stores need. */
    @WithDefault("false")
    boolean pathStyle();

    /** Put before every key (e.g. {@code prod/}), so environments can share a bucket; absent means none. */
    Optional<String> keyPrefix();

    /** Creates the bucket on start when it does not exist: for local stores only; production buckets are provisioned. */
    @WithDefault("false")
    boolean createBucketIfMissing();

    /** How long opening a connection to the store may take. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** How long a read from the store may stall before the call fails (not the whole transfer's duration). */
    @WithDefault("60s")
    Duration readTimeout();
}
