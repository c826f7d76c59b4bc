package dev.overtime.api.imageedit.validation;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The heap this process lets full-size rasters take at once ({@code overtime.api.uploads.decode-budget-bytes}):
 * a mask scanned for alpha or a WebP frame needs 4 bytes a pixel, and a dozen large ones at once would otherwise be
 * the heap. A request waits a little for its share, then is answered {@code 503 OVERLOADED}; a raster larger than
 * the whole budget takes all of it, so it runs alone rather than never.
 */
public final class DecodeBudget {

    private static final int KIB = 1024;

    private final Semaphore permits;
    private final int totalKib;
    private final Duration wait;

    public DecodeBudget(long bytes, Duration wait) {
        this.totalKib = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / KIB));
        this.permits = new Semaphore(totalKib, true);
        this.wait = wait;
    }

    /** Holds {@code bytes} of the budget until the lease is closed; zero bytes costs nothing. */
    public Lease reserve(long bytes) {
        if (bytes <= 0) {
            return () -> { };
        }
        int kib = (int) Math.min(totalKib, (bytes + KIB - 1) / KIB);
        try {
            if (!permits.tryAcquire(kib, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ApiException(ErrorCode.OVERLOADED,
                        "The server is decoding too many large images right now; retry shortly.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.OVERLOADED, "Interrupted while waiting to decode the image.");
        }
        return () -> permits.release(kib);
    }

    /** Bytes of the budget not held right now. */
    public long availableBytes() {
        return (long) permits.availablePermits() * KIB;
    }

    /** A reservation; closing it gives the bytes back. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }
}
