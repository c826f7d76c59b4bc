package dev.overtime.api.imageedit.service;

import dev.overtime.api.imageedit.validation.EditRequest;
import dev.overtime.api.imageedit.validation.UploadedImage;
import dev.overtime.storage.ObjectKeys;
import dev.overtime.storage.ObjectStore;
import dev.overtime.storage.StoredObject;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Puts a new job's uploads in the object store before its transaction, streaming each from its spooled file, so
 * the transaction holds a connection only for the rows. The store's own SHA-256 of what it received must equal
 * the one validation computed: the job row names exactly the bytes that were checked. If the transaction then
 * fails, {@link #discard} deletes the objects at once; the storage sweeper deletes any a crash left behind.
 */
@ApplicationScoped
class InputObjects {

    static final String ROLE_IMAGE = "image";
    static final String ROLE_MASK = "mask";

    private final ObjectStore store;

    InputObjects(ObjectStore store) {
        this.store = store;
    }

    /** One stored upload, in the order of {@code request}'s images, then the mask. */
    record StoredInput(String role, int position, UploadedImage upload, StoredObject object) {
    }

    List<StoredInput> store(UUID jobId, EditRequest request) {
        List<StoredInput> stored = new ArrayList<>();
        try {
            for (int i = 0; i < request.images().size(); i++) {
                stored.add(put(jobId, ROLE_IMAGE, i, request.images().get(i)));
            }
            if (request.mask() != null) {
                stored.add(put(jobId, ROLE_MASK, 0, request.mask()));
            }
            return stored;
        } catch (RuntimeException e) {
            discard(stored);
            throw e;
        }
    }

    /** Deletes what {@link #store} put, best effort: an object left behind is an orphan the sweeper removes. */
    void discard(List<StoredInput> stored) {
        for (StoredInput input : stored) {
            try {
                store.delete(input.object().key());
            } catch (RuntimeException e) {
                Log.warnf("Could not delete the unreferenced input %s; the storage sweeper will: %s",
                        input.object().key(), e.toString());
            }
        }
    }

    private StoredInput put(UUID jobId, String role, int position, UploadedImage upload) {
        String key = ObjectKeys.input(jobId, role, position);
        StoredObject object;
        try (InputStream in = Files.newInputStream(upload.file())) {
            object = store.put(key, in, upload.sizeBytes(), upload.contentType());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the spooled upload for " + key, e);
        }
        StoredInput stored = new StoredInput(role, position, upload, object);
        if (!object.sha256Hex().equals(upload.sha256())) {
            discard(List.of(stored));
            throw new IllegalStateException("the store received other bytes than were validated for " + key);
        }
        return stored;
    }
}
