package dev.overtime.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Image bytes in one bucket over the S3 API, streamed both ways: a put digests while it uploads, a get hands
 * over the connection's stream. Heap per call is the SDK's buffers (tens of KB), whatever the object's size.
 * Keys are the caller's; the configured prefix is added here and stripped from what comes back.
 */
@ApplicationScoped
public class ObjectStore implements AutoCloseable {

    // org.jboss.logging rather than io.quarkus.logging.Log: this class also runs outside Quarkus (its own tests).
    private static final Logger LOG = Logger.getLogger(ObjectStore.class);
    private static final int NOT_FOUND = 404;

    private final S3Client s3;
    private final S3Client oneShotUploads;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;

    public ObjectStore(StorageConfig config) {
        this.s3 = S3Clients.client(config);
        this.oneShotUploads = S3Clients.withoutRetries(config);
        this.presigner = S3Clients.presigner(config);
        this.bucket = config.bucket();
        this.prefix = config.keyPrefix().orElse("");
        if (config.createBucketIfMissing()) {
            createBucketIfMissing();
        }
    }

    /**
     * Streams exactly {@code length} bytes of {@code content} to {@code key}. If the stream fails or ends early the
     * upload is aborted and no object is created. The stream is read once, so this call is never retried.
     */
    public StoredObject put(String key, InputStream content, long length, String contentType) {
        Sha256Stream digesting = new Sha256Stream(content);
        AtomicBoolean handedOut = new AtomicBoolean();
        // Hands the stream out once; a second read (never expected without retries) would digest bytes twice.
        RequestBody body = RequestBody.fromContentProvider(() -> {
            if (handedOut.getAndSet(true)) {
                throw new IllegalStateException("the content of " + key + " is a one-shot stream and was already sent");
            }
            return digesting;
        }, length, contentType);
        oneShotUploads.putObject(putRequest(key, contentType), body);
        return new StoredObject(key, digesting.count(), digesting.sha256Hex(), contentType);
    }

    /**
     * Streams {@code content} of unknown length to {@code key}: first to a temporary file (size and SHA-256 computed
     * on the way), then from that file, so the heap holds one copy buffer, never the object. A failing stream leaves
     * no object.
     */
    public StoredObject put(String key, InputStream content, String contentType) {
        Path spool = null;
        try {
            spool = Files.createTempFile("overtime-storage-", ".spool");
            Sha256Stream digesting = new Sha256Stream(content);
            Files.copy(digesting, spool, StandardCopyOption.REPLACE_EXISTING);
            s3.putObject(putRequest(key, contentType), RequestBody.fromFile(spool));
            return new StoredObject(key, digesting.count(), digesting.sha256Hex(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("could not spool the content of " + key, e);
        } finally {
            deleteQuietly(spool);
        }
    }

    /** The object's bytes as they arrive; the caller closes the stream. */
    public ObjectContent get(String key) {
        try {
            var response = s3.getObject(r -> r.bucket(bucket).key(stored(key)), ResponseTransformer.toInputStream());
            GetObjectResponse headers = response.response();
            return new ObjectContent(key, response, headers.contentLength(), headers.contentType());
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(key, e);
        }
    }

    /** Size and age of one object. */
    public ObjectInfo head(String key) {
        try {
            HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key(stored(key)));
            return new ObjectInfo(key, head.contentLength(), head.lastModified());
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(key, e);
        } catch (S3Exception e) {
            // HEAD answers carry no body, so a missing key may come back as a bare 404 rather than NoSuchKey.
            if (e.statusCode() == NOT_FOUND) {
                throw new ObjectNotFoundException(key, e);
            }
            throw e;
        }
    }

    public boolean exists(String key) {
        try {
            head(key);
            return true;
        } catch (ObjectNotFoundException e) {
            return false;
        }
    }

    /**
     * A URL that serves this one object to anyone holding it, without credentials, for {@code ttl}. The object need
     * not exist yet; the URL answers 404 until it does. S3 caps {@code ttl} at 7 days.
     */
    public URI presignGet(String key, Duration ttl) {
        var presigned = presigner.presignGetObject(r -> r.signatureDuration(ttl)
                .getObjectRequest(get -> get.bucket(bucket).key(stored(key))));
        try {
            return presigned.url().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the SDK presigned an invalid URL for " + key, e);
        }
    }

    /** Deletes the object; deleting a missing key is not an error (S3's own semantics). */
    public void delete(String key) {
        s3.deleteObject(r -> r.bucket(bucket).key(stored(key)));
    }

    /**
     * Objects under {@code keyPrefix} last modified before {@code cutoff}, fetched page by page (1,000 keys each) as
     * the stream is consumed: what a sweeper deletes.
     */
    public Stream<ObjectInfo> listOlderThan(String keyPrefix, Instant cutoff) {
        return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(stored(keyPrefix))).contents().stream()
                .filter(object -> object.lastModified().isBefore(cutoff))
                .map(object -> new ObjectInfo(object.key().substring(prefix.length()), object.size(), object.lastModified()));
    }

    @PreDestroy
    @Override
    public void close() {
        presigner.close();
        oneShotUploads.close();
        s3.close();
    }

    private PutObjectRequest putRequest(String key, String contentType) {
        return PutObjectRequest.builder().bucket(bucket).key(stored(key)).contentType(contentType).build();
    }

    private String stored(String key) {
        return prefix + key;
    }

    private void createBucketIfMissing() {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            // HEAD has no body: a missing bucket may be a bare 404 rather than NoSuchBucket.
            if (e.statusCode() != NOT_FOUND) {
                throw e;
            }
            try {
                s3.createBucket(r -> r.bucket(bucket));
                LOG.infof("Created bucket %s (overtime.storage.create-bucket-if-missing)", bucket);
            } catch (BucketAlreadyOwnedByYouException raced) {
                // Another replica created it first: just what we wanted.
            }
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("Could not delete spool file %s: %s", file, e.toString());
        }
    }
}
