package dev.overtime.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import dev.overtime.localinfra.S3Access;
import dev.overtime.localinfra.S3ProxyServer;

/** One real S3Proxy for this test JVM, and ObjectStores configured for it as the services would be. */
final class TestStores {

    private static S3ProxyServer server;

    private TestStores() {
    }

    static synchronized S3Access s3() {
        if (server == null) {
            server = S3ProxyServer.startFresh();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "overtime-s3proxy-stop"));
        }
        return server.access();
    }

    static ObjectStore store() {
        return new ObjectStore(config(s3().bucket(), Optional.empty(), false, s3().secretKey()));
    }

    static StorageConfig config(String bucket, Optional<String> keyPrefix, boolean createBucket, String secretKey) {
        S3Access s3 = s3();
        return new Fixed(Optional.of(URI.create(s3.endpoint())), Optional.empty(), S3Access.REGION, Optional.of(s3.accessKey()),
                Optional.of(secretKey), bucket, true, keyPrefix, createBucket, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** StorageConfig without Quarkus: the mapping's accessors, as record components. */
    record Fixed(Optional<URI> endpoint, Optional<URI> publicEndpoint, String region, Optional<String> accessKey, Optional<String> secretKey,
                 String bucket, boolean pathStyle, Optional<String> keyPrefix, boolean createBucketIfMissing,
                 Duration connectTimeout, Duration readTimeout) implements StorageConfig {
    }
}
