package dev.overtime.worker.edit.service;

import dev.overtime.storage.ObjectKeys;
import dev.overtime.storage.ObjectStore;
import dev.overtime.storage.StoredObject;
import dev.overtime.worker.edit.client.SpooledImage;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the sized copies a job asked for ({@code variants}) of each output the upstream returned, from the call's
 * spool files, and stores them beside the outputs before the outcome is recorded (like {@link OutputObjects}: if the
 * outcome is not recorded they are deleted again, and a crash leaves orphans the sweeper deletes). An output the JDK
 * can't decode (WebP) gets no variants: the edit still succeeds, and the job view lists none for it.
 */
@ApplicationScoped
class OutputVariants {

    /** One variant in the bucket, ready to record. */
    record StoredVariant(int position, String name, String contentType, int width, int height, long sizeBytes,
                         String sha256Hex, String objectKey) {
    }

    private final ObjectStore store;

    OutputVariants(ObjectStore store) {
        this.store = store;
    }

    List<StoredVariant> make(ClaimedJob job, List<SpooledImage> images) {
        List<VariantImages.Spec> specs = VariantImages.parse(job.variants());
        List<StoredVariant> made = new ArrayList<>();
        if (specs.isEmpty()) {
            return made;
        }
        try {
            for (int position = 0; position < images.size(); position++) {
                BufferedImage source = decode(images.get(position).file());
                if (source == null) {
                    Log.warnf("no variants of output %d: the JDK cannot decode its format", position);
                    continue;
                }
                for (VariantImages.Spec spec : specs) {
                    made.add(makeOne(job, position, source, spec));
                }
            }
        } catch (RuntimeException e) {
            discard(made);
            throw e;
        }
        return made;
    }

    /** Deletes variants whose outcome was not recorded; a failure is left to the orphan sweep. */
    void discard(List<StoredVariant> variants) {
        for (StoredVariant variant : variants) {
            try {
                store.delete(variant.objectKey());
            } catch (RuntimeException e) {
                Log.warnf("could not delete %s; the orphan sweep will: %s", variant.objectKey(), e.toString());
            }
        }
    }

    private StoredVariant makeOne(ClaimedJob job, int position, BufferedImage source, VariantImages.Spec spec) {
        int[] size = VariantImages.targetSize(source.getWidth(), source.getHeight(), spec.longestSide());
        BufferedImage scaled = VariantImages.scaled(source, size[0], size[1], spec.format().equals("png"));
        Path file = null;
        try {
            file = Files.createTempFile("overtime-variant-", "." + spec.format());
            VariantImages.write(scaled, spec.format(), file);
            String key = ObjectKeys.variant(job.jobId(), job.attempt(), position, spec.name());
            StoredObject object;
            try (InputStream in = Files.newInputStream(file)) {
                object = store.put(key, in, Files.size(file), spec.contentType());
            }
            return new StoredVariant(position, spec.name(), spec.contentType(), size[0], size[1], object.size(),
                    object.sha256Hex(), object.key());
        } catch (IOException e) {
            throw new UncheckedIOException("could not make variant " + spec.name() + " of output " + position, e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    Log.warnf("could not delete the variant spool file %s: %s", file, e.toString());
                }
            }
        }
    }

    private static BufferedImage decode(Path file) {
        try {
            return ImageIO.read(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }
}
