package dev.overtime.worker.edit.service;

import dev.overtime.storage.ObjectKeys;
import dev.overtime.storage.ObjectStore;
import dev.overtime.storage.StoredObject;
import dev.overtime.worker.edit.client.SpooledImage;
import dev.overtime.worker.edit.service.ImageInspector.InspectedImage;
import dev.overtime.worker.config.WorkerConfig;
import io.quarkus.logging.Log;
import software.amazon.awssdk.core.exception.SdkException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Moves what the upstream returned from the call's spool into the bucket, before anything refers to it: the
 * transaction that records the job's outcome comes after, and if it doesn't happen (the job was canceled, taken over)
 * the objects are deleted again. A crash in between leaves objects no row references, which the storage sweeper
 * deletes once they are old enough. Keys carry the attempt, so two attempts never write the same object.
 */
@ApplicationScoped
public class OutputObjects {

    private final ObjectStore store;
    private final ImageInspector inspector;
    private final Duration patience;

    public OutputObjects(ObjectStore store, ImageInspector inspector, WorkerConfig config) {
        this.store = store;
        this.inspector = inspector;
        this.patience = config.storeRetryFor();
    }

    /** Empty (and nothing stored) when any image is not PNG, JPEG or WebP. */
    Optional<List<EditedImage>> storeOutputs(ClaimedJob job, List<SpooledImage> images) {
        List<InspectedImage> inspected = new ArrayList<>(images.size());
        for (SpooledImage image : images) {
            Optional<InspectedImage> one = inspector.inspect(image.file());
            if (one.isEmpty()) {
                return Optional.empty();
            }
            inspected.add(one.get());
        }
        List<EditedImage> stored = new ArrayList<>(images.size());
        try {
            for (int position = 0; position < images.size(); position++) {
                InspectedImage image = inspected.get(position);
                StoredObject object = upload(ObjectKeys.output(job.jobId(), job.attempt(), position),
                        images.get(position), image.contentType());
                stored.add(new EditedImage(position, image.contentType(), image.width(), image.height(),
                        object.size(), object.sha256Hex(), object.key()));
            }
        } catch (RuntimeException e) {
            discard(stored);
            throw e;
        }
        return Optional.of(stored);
    }

    /** Stores one partial image; empty when it is not an image we know. */
    Optional<StoredPartial> storePartial(ClaimedJob job, int index, SpooledImage image) {
        Optional<InspectedImage> inspected = inspector.inspect(image.file());
        if (inspected.isEmpty()) {
            return Optional.empty();
        }
        String contentType = inspected.get().contentType();
        StoredObject object = upload(ObjectKeys.partial(job.jobId(), job.attempt(), index), image, contentType);
        return Optional.of(new StoredPartial(object.key(), contentType, object.size()));
    }

    record StoredPartial(String objectKey, String contentType, long sizeBytes) {
    }

    /** Deletes objects whose outcome was not recorded; a failure is left to the orphan sweep. */
    void discard(List<EditedImage> images) {
        for (EditedImage image : images) {
            delete(image.objectKey());
        }
    }

    void delete(String key) {
        try {
            store.delete(key);
        } catch (RuntimeException e) {
            Log.warnf("could not delete %s; the orphan sweep will: %s", key, e.toString());
        }
    }

    // An image paid for must not be lost to a store that restarts: the upload is retried (from the spool file) for
    // as long as outcomes are retried against the database.
    private StoredObject upload(String key, SpooledImage image, String contentType) {
        long until = System.nanoTime() + patience.toNanos();
        long pauseMs = 200;
        while (true) {
            try {
                return uploadOnce(key, image, contentType);
            } catch (SdkException e) {
                if (System.nanoTime() > until) {
                    throw e;
                }
                Log.warnf("object store unavailable, retrying %s in %d ms: %s", key, pauseMs, e.toString());
                try {
                    Thread.sleep(pauseMs);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMs = Math.min(pauseMs * 2, 5000);
            }
        }
    }

    private StoredObject uploadOnce(String key, SpooledImage image, String contentType) {
        try (InputStream in = Files.newInputStream(image.file())) {
            StoredObject object = store.put(key, in, image.sizeBytes(), contentType);
            if (!object.sha256Hex().equals(image.sha256Hex())) {
                delete(key);
                throw new IllegalStateException("the bytes stored at " + key + " are not the ones decoded");
            }
            return object;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the spooled image for " + key, e);
        }
    }
}
