package dev.overtime.worker.edit.service;

import dev.overtime.worker.config.InputsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

/**
 * What one edit weighs in the {@link MemoryBudget}: the bytes of its inputs (known exactly) plus the bytes it is
 * expected to get back, {@code n} images of its size and format, and what making their variants takes. The
 * expectation errs high: a PNG counts 4 bytes a pixel (what an incompressible RGBA photo takes), JPEG and WebP 1
 * byte. A URL input not fetched for this job yet counts what the URL cache holds for it while that is fresh (the job
 * will use that stored copy, fetching nothing), else as large as it may be ({@code overtime.inputs.max-image-bytes}
 * or {@code max-mask-bytes}): the fetch spools it on this worker before the call. Without the cache's size, a batch
 * of 500 items naming 50 photos weighed 50 MB an item and ran 32 at a time.
 */
@ApplicationScoped
public class EditCosts {

    // What "auto" (or no size) may come back as: OpenAI's largest edit size.
    static final long LARGEST_OUTPUT_PIXELS = 1536L * 1024;

    private final EntityManager em;
    private final InputsConfig inputs;

    public EditCosts(EntityManager em, InputsConfig inputs) {
        this.em = em;
        this.inputs = inputs;
    }

    /** 0 when the job is unknown (a stray record: the claim will skip it). */
    @Transactional
    public long of(UUID jobId) {
        List<?> rows = em.createNativeQuery("""
                        select j.n, j.size, j.output_format,
                               (select coalesce(sum(case when i.object_key is null and i.source_url is not null
                                                          then coalesce((select f.size_bytes from input_url_fetches f
                                                                          where f.url = i.source_url
                                                                            and f.expires_at > now()),
                                                                        case when i.role = 'mask' then :maxMask
                                                                             else :maxImage end)
                                                          else i.size_bytes end), 0)
                                  from image_edit_inputs i where i.job_id = j.id),
                               j.variants
                          from image_edit_jobs j where j.id = :id""")
                .setParameter("id", jobId)
                .setParameter("maxMask", inputs.maxMaskBytes())
                .setParameter("maxImage", inputs.maxImageBytes())
                .getResultList();
        if (rows.isEmpty()) {
            return 0;
        }
        Object[] row = (Object[]) rows.getFirst();
        int n = ((Number) row[0]).intValue();
        long inputs = ((Number) row[3]).longValue();
        return inputs + n * (expectedOutputBytes((String) row[1], (String) row[2])
                + variantBytes((String) row[1], (String) row[4]));
    }

    static long expectedOutputBytes(String size, String outputFormat) {
        long pixels = pixels(size);
        int bytesPerPixel = outputFormat == null || outputFormat.equalsIgnoreCase("png") ? 4 : 1;
        return pixels * bytesPerPixel;
    }

    /**
     * Making variants decodes each output (4 bytes a pixel) and draws each variant (4 bytes a pixel of its size, at
     * most the output's); 0 when none were asked for.
     */
    static long variantBytes(String size, String variants) {
        List<VariantImages.Spec> specs = VariantImages.parse(variants);
        if (specs.isEmpty()) {
            return 0;
        }
        long pixels = pixels(size);
        long bytes = pixels * 4;
        for (VariantImages.Spec spec : specs) {
            bytes += Math.min(pixels, (long) spec.longestSide() * spec.longestSide()) * 4;
        }
        return bytes;
    }

    private static long pixels(String size) {
        if (size == null) {
            return LARGEST_OUTPUT_PIXELS;
        }
        int x = size.indexOf('x');
        if (x <= 0) {
            return LARGEST_OUTPUT_PIXELS;
        }
        try {
            return Long.parseLong(size.substring(0, x)) * Long.parseLong(size.substring(x + 1));
        } catch (NumberFormatException e) {
            return LARGEST_OUTPUT_PIXELS;
        }
    }
}
