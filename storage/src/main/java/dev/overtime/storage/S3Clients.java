package dev.overtime.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Builds the AWS SDK v2 client and presigner from {@link StorageConfig}, identically, so a presigned URL points
 * where the client writes.
 *
 * <p>Native image (checked when the services' native build is): the SDK jars ship their own reflection and
 * resource metadata (META-INF/native-image); url-connection-client needs no extra registration, unlike the
 * Apache and Netty clients excluded in the pom. What may still need {@code quarkus.native.additional-build-args}
 * is runtime initialisation of the SDK's static HTTP/credential caches; the Quarkiverse amazon-s3 extension does
 * that work, should a version for our platform become available.
 */
final class S3Clients {

    private S3Clients() {
    }

    /** The client for calls the SDK may retry: their request bodies can be sent again. */
    static S3Client client(StorageConfig config) {
        return builder(config).build();
    }

    /**
     * The client for uploads from a one-shot stream, with retries off: a retry could not send the bytes again, and
     * would report that instead of what failed.
     */
    static S3Client withoutRetries(StorageConfig config) {
        return builder(config).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private static S3ClientBuilder builder(StorageConfig config) {
        var builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .serviceConfiguration(serviceConfiguration(config))
                // SDK 2.30+ adds CRC32 checksum trailers to every upload by default, which R2, GCS and older
                // MinIO/Ceph reject; we compute SHA-256 ourselves and keep it in PostgreSQL.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(config.connectTimeout())
                        .socketTimeout(config.readTimeout()));
        config.endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    static S3Presigner presigner(StorageConfig config) {
        var builder = S3Presigner.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .serviceConfiguration(serviceConfiguration(config));
        config.publicEndpoint().or(config::endpoint).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static S3Configuration serviceConfiguration(StorageConfig config) {
        return S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build();
    }

    private static AwsCredentialsProvider credentials(StorageConfig config) {
        if (config.accessKey().isPresent() != config.secretKey().isPresent()) {
            throw new IllegalArgumentException(
                    "overtime.storage.access-key and overtime.storage.secret-key go together: set both, or neither for the AWS default chain");
        }
        if (config.accessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKey().get(), config.secretKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
