package dev.overtime.storage;

import java.util.Optional;
import java.util.UUID;

/**
 * Where each kind of image lives in the bucket. Every key starts with its kind and the job's id, so the storage
 * sweeper can tell from a key alone which table may reference it, and an attempt number keeps a killed attempt's
 * half-written output apart from the attempt that finished.
 */
public final class ObjectKeys {

    public static final String INPUTS = "inputs/";
    public static final String OUTPUTS = "outputs/";
    public static final String PARTIALS = "partials/";
    public static final String VARIANTS = "variants/";
    /** Fetched image inputs, by content: shared by every job (and URL) that names the same bytes. */
    public static final String FETCHED = "fetched/sha256/";

    private ObjectKeys() {
    }

    /** An uploaded (or fetched) image or mask: {@code inputs/<job>/<role>-<position>}. */
    public static String input(UUID jobId, String role, int position) {
        return INPUTS + jobId + "/" + role + "-" + position;
    }

    /**
     * A fetched image input, content-addressed: {@code fetched/sha256/<hex>}. It belongs to no one job, so the orphan
     * sweep (which goes by job id) leaves it alone; retention deletes it once nothing references it.
     */
    public static String fetched(String sha256Hex) {
        return FETCHED + sha256Hex;
    }

    /** A generated image: {@code outputs/<job>/<attempt>/<position>}. */
    public static String output(UUID jobId, int attempt, int position) {
        return OUTPUTS + jobId + "/" + attempt + "/" + position;
    }

    /** A sized copy of an output: {@code variants/<job>/<attempt>/<position>/<name>} (name such as {@code 256.png}). */
    public static String variant(UUID jobId, int attempt, int position, String name) {
        return VARIANTS + jobId + "/" + attempt + "/" + position + "/" + name;
    }

    /** A streamed preview: {@code partials/<job>/<attempt>/<index>}. */
    public static String partial(UUID jobId, int attempt, int index) {
        return PARTIALS + jobId + "/" + attempt + "/" + index;
    }

    /**
     * The object of an input row. An upload's key is made from the row's own key and not stored (V21); a stored key
     * wins: a fetched input's, or that of a row written before V21. Null for a URL input not fetched yet.
     */
    public static String inputOf(UUID jobId, String role, int position, String storedKey, String sourceUrl) {
        if (storedKey != null) {
            return storedKey;
        }
        return sourceUrl == null ? input(jobId, role, position) : null;
    }

    /**
     * The object of an output row: its stored key (rows written before V21), else the one made from the attempt
     * that wrote it. Null for a row written before object storage whose bytes the mover has not moved yet.
     */
    public static String outputOf(UUID jobId, Integer attempt, int position, String storedKey) {
        if (storedKey != null) {
            return storedKey;
        }
        return attempt == null ? null : output(jobId, attempt, position);
    }

    /** The job a key of ours belongs to; empty for a key this class did not make. */
    public static Optional<UUID> jobOf(String key) {
        int start = key.indexOf('/') + 1;
        int end = key.indexOf('/', start);
        if (start == 0 || end < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(key.substring(start, end)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
