package dev.overtime.worker.inputs;

import dev.overtime.imageformat.ImageHeader;
import dev.overtime.storage.ObjectKeys;
import dev.overtime.storage.ObjectStore;
import dev.overtime.storage.StoredObject;
import dev.overtime.worker.config.InputsConfig;
import dev.overtime.worker.inputs.InputFetchException.Kind;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Image inputs by URL, each fetched as rarely as possible: a URL fetched within {@code overtime.inputs.url-cache-ttl}
 * (or what its host's Cache-Control allows) is served from the store; a stale one with an ETag is revalidated, not
 * downloaded again; while one edit fetches a URL, every other edit here naming it waits for that same fetch. The
 * bytes are sniffed (PNG, JPEG or WebP, by their magic numbers, whatever Content-Type said) and stored once per
 * content under their SHA-256, so jobs and URLs naming the same bytes share one object.
 * <p>
 * Across worker replicas two may fetch the same URL at the same moment; both store the same content address, so the
 * cost is one download, never a second copy.
 */
@ApplicationScoped
public class FetchedInputs {

    // PNG's IHDR, WebP's VP8 header and a JPEG's SOF (after its EXIF and ICC segments) all sit well inside this.
    private static final int HEADER_BYTES = 256 * 1024;

    private final ImageUrlFetcher fetcher;
    private final UrlFetchRecords records;
    private final ObjectStore store;
    private final InputsConfig config;
    private final ConcurrentHashMap<String, CompletableFuture<FetchedInput>> inFlight = new ConcurrentHashMap<>();

    public FetchedInputs(ImageUrlFetcher fetcher, UrlFetchRecords records, ObjectStore store, InputsConfig config) {
        this.fetcher = fetcher;
        this.records = records;
        this.store = store;
        this.config = config;
    }

    /** The image {@code url} serves, fetched now or earlier; throws if it can't be had or is over {@code maxBytes}. */
    public FetchedInput get(String url, long maxBytes) throws InputFetchException {
        FetchedInput input = getAny(url);
        if (input.sizeBytes() > maxBytes) {
            throw new InputFetchException(Kind.TOO_LARGE, RedactedUrl.of(url) + " is too large: " + input.sizeBytes()
                    + " bytes, more than " + maxBytes, false);
        }
        return input;
    }

    private FetchedInput getAny(String url) throws InputFetchException {
        Optional<FetchedInput> fresh = fresh(url);
        if (fresh.isPresent()) {
            return fresh.get();
        }
        CompletableFuture<FetchedInput> mine = new CompletableFuture<>();
        CompletableFuture<FetchedInput> running = inFlight.putIfAbsent(url, mine);
        if (running != null) {
            return await(running);
        }
        try {
            // Another edit may have finished this URL between our look and our claim.
            FetchedInput input = fresh(url).orElse(null);
            if (input == null) {
                input = fetchAndStore(url);
            }
            mine.complete(input);
            return input;
        } catch (InputFetchException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(url, mine);
        }
    }

    private Optional<FetchedInput> fresh(String url) {
        return records.find(url).filter(UrlFetchRecords.Cached::fresh).map(UrlFetchRecords.Cached::input)
                .filter(input -> stillStored(url, input));
    }

    private boolean stillStored(String url, FetchedInput input) {
        if (store.exists(input.objectKey())) {
            return true;
        }
        records.forget(url);
        return false;
    }

    private FetchedInput fetchAndStore(String url) throws InputFetchException {
        Optional<UrlFetchRecords.Cached> stale = records.find(url)
                .filter(cached -> cached.etag() != null && stillStored(url, cached.input()));
        Path file = spoolFile();
        try {
            ImageUrlFetcher.Outcome outcome = fetcher.fetch(URI.create(url), config.maxImageBytes(),
                    stale.map(UrlFetchRecords.Cached::etag).orElse(null), file);
            if (outcome instanceof ImageUrlFetcher.NotModified notModified) {
                records.extend(url, expiry(notModified.freshFor()));
                Log.infof("image input revalidated: url=%s", RedactedUrl.of(url));
                return stale.orElseThrow().input();
            }
            ImageUrlFetcher.Fetched fetched = ((ImageUrlFetcher.Body) outcome).fetched();
            ImageHeader header = sniff(url, file);
            FetchedInput input = new FetchedInput(ObjectKeys.fetched(fetched.sha256Hex()), fetched.sha256Hex(),
                    header.format().contentType(), header.width(), header.height(), fetched.size());
            boolean stored = storeOnce(input, file);
            Duration freshFor = fetched.freshFor();
            if (freshFor == null || !freshFor.isZero()) {
                records.record(url, input, fetched.etag(), expiry(freshFor));
            }
            Log.infof("image input fetched: url=%s bytes=%d sha256=%s newContent=%b", RedactedUrl.of(url),
                    fetched.size(), fetched.sha256Hex(), stored);
            return input;
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                Log.warnf("could not delete the fetch spool file %s: %s", file, e.toString());
            }
        }
    }

    private Instant expiry(Duration freshFor) {
        Duration ttl = config.urlCacheTtl();
        return Instant.now().plus(freshFor == null || freshFor.compareTo(ttl) > 0 ? ttl : freshFor);
    }

    private static ImageHeader sniff(String url, Path file) throws InputFetchException {
        try (InputStream in = Files.newInputStream(file)) {
            return ImageHeader.read(in.readNBytes(HEADER_BYTES))
                    .filter(header -> header.width() > 0 && header.height() > 0)
                    .orElseThrow(() -> new InputFetchException(Kind.NOT_AN_IMAGE, RedactedUrl.of(url)
                            + " did not serve a PNG, JPEG or WebP image we can read", false));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the fetched file", e);
        }
    }

    // Content-addressed: the same bytes are already there if any URL served them before.
    private boolean storeOnce(FetchedInput input, Path file) {
        if (store.exists(input.objectKey())) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            StoredObject object = store.put(input.objectKey(), in, input.sizeBytes(), input.contentType());
            if (!object.sha256Hex().equals(input.sha256Hex())) {
                store.delete(input.objectKey());
                throw new IllegalStateException("the store received other bytes than were fetched for "
                        + input.objectKey());
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the fetched file", e);
        }
    }

    private static FetchedInput await(CompletableFuture<FetchedInput> running) throws InputFetchException {
        try {
            return running.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InputFetchException failure) {
                throw new InputFetchException(failure.kind(), failure.getMessage(), failure.retryable());
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputFetchException(Kind.CONNECTION, "interrupted while another edit fetched the same URL", true);
        }
    }

    private static Path spoolFile() {
        try {
            return Files.createTempFile("overtime-fetch-", ".img");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a spool file for a fetch", e);
        }
    }
}
