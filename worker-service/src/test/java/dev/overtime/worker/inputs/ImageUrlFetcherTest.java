package dev.overtime.worker.inputs;

import dev.overtime.worker.config.InputsConfig;
import dev.overtime.worker.inputs.ImageUrlFetcher.Body;
import dev.overtime.worker.inputs.ImageUrlFetcher.NotModified;
import dev.overtime.worker.inputs.ImageUrlFetcher.Outcome;
import dev.overtime.worker.inputs.InputFetchException.Kind;
import dev.overtime.worker.support.ImageHost;
import dev.overtime.worker.support.TestImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One safe fetch against a local image host: what it follows, where it stops, and what it says when it does. */
class ImageUrlFetcherTest {

    private static final byte[] PHOTO = TestImages.noisyPng(200, 150, 7);

    @TempDir
    Path dir;

    private ImageHost host;

    @BeforeEach
    void startHost() {
        host = new ImageHost();
    }

    @AfterEach
    void stopHost() {
        host.close();
    }

    @Test
    void followsRedirectsAndReadsAChunkedBodyByteForByteWithItsDigest() throws Exception {
        host.serveChunked("/photo.png", PHOTO, "image/png").redirect("/a", "/b").redirect("/b", host.url("/photo.png"));

        Outcome outcome = fetcher(true).fetch(URI.create(host.url("/a")), 1_000_000, null, dir.resolve("f"));

        ImageUrlFetcher.Fetched fetched = assertInstanceOf(Body.class, outcome).fetched();
        assertArrayEquals(PHOTO, Files.readAllBytes(fetched.file()));
        assertEquals(PHOTO.length, fetched.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PHOTO)), fetched.sha256Hex());
        assertEquals(1, host.hits("/photo.png"));
    }

    @Test
    void stopsAfterTheRedirectLimit() {
        host.redirect("/1", "/2").redirect("/2", "/3").redirect("/3", "/4").redirect("/4", "/5");

        InputFetchException e = assertThrows(InputFetchException.class,
                () -> fetcher(true).fetch(URI.create(host.url("/1")), 1_000_000, null, dir.resolve("f")));

        assertEquals(Kind.STATUS, e.kind());
        assertTrue(e.getMessage().contains("redirected more than 3 times"), e.getMessage());
        assertEquals(0, host.hits("/5"));
    }

    @Test
    void refusesLoopbackUnlessAllowedWithoutConnecting() {
        host.serve("/photo.png", PHOTO, "image/png");

        InputFetchException e = assertThrows(InputFetchException.class,
                () -> fetcher(false).fetch(URI.create(host.url("/photo.png")), 1_000_000, null, dir.resolve("f")));

        assertEquals(Kind.REFUSED, e.kind());
        assertFalse(e.retryable());
        assertTrue(e.getMessage().contains("refused by policy: host 127.0.0.1 resolves to 127.0.0.1, a loopback address"),
                e.getMessage());
        assertEquals(0, host.hits("/photo.png"));
    }

    @Test
    void aHostThatNeverAnswersTimesOutAtTheHeaderTimeoutAndMayBeRetried() {
        host.stall("/slow.png");
        long started = System.nanoTime();

        InputFetchException e = assertThrows(InputFetchException.class,
                () -> fetcher(true).fetch(URI.create(host.url("/slow.png")), 1_000_000, null, dir.resolve("f")));

        long tookMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertEquals(Kind.TIMEOUT, e.kind());
        assertTrue(e.retryable());
        assertTrue(e.getMessage().contains("timed out"), e.getMessage());
        assertTrue(tookMs >= 400 && tookMs < 3000, "ended at the 500 ms header timeout, took " + tookMs);
    }

    @Test
    void aBodyOverTheCapIsCutWhetherDeclaredOrNot() {
        host.serve("/declared.png", PHOTO, "image/png").serveChunked("/undeclared.png", PHOTO, "image/png");

        for (String path : new String[] {"/declared.png", "/undeclared.png"}) {
            InputFetchException e = assertThrows(InputFetchException.class,
                    () -> fetcher(true).fetch(URI.create(host.url(path)), PHOTO.length - 1, null, dir.resolve("f")));
            assertEquals(Kind.TOO_LARGE, e.kind(), path);
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("is too large: more than " + (PHOTO.length - 1) + " bytes"), e.getMessage());
        }
    }

    @Test
    void anErrorStatusSaysWhichAndOnly5xxMayBeRetried() {
        host.status("/gone.png", 404).status("/broken.png", 503);

        InputFetchException gone = assertThrows(InputFetchException.class,
                () -> fetcher(true).fetch(URI.create(host.url("/gone.png?token=secret")), 1000, null, dir.resolve("f")));
        InputFetchException broken = assertThrows(InputFetchException.class,
                () -> fetcher(true).fetch(URI.create(host.url("/broken.png")), 1000, null, dir.resolve("f")));

        assertEquals(host.url("/gone.png") + " answered HTTP 404", gone.getMessage(), "the query (a signature) is not shown");
        assertFalse(gone.retryable());
        assertEquals(host.url("/broken.png") + " answered HTTP 503", broken.getMessage());
        assertTrue(broken.retryable());
    }

    @Test
    void aCopyWhoseEtagStillMatchesIsNotDownloadedAgain() throws Exception {
        host.serveWithEtag("/tagged.png", PHOTO, "\"v1\"", "max-age=60");

        Outcome first = fetcher(true).fetch(URI.create(host.url("/tagged.png")), 1_000_000, null, dir.resolve("f"));
        Outcome again = fetcher(true).fetch(URI.create(host.url("/tagged.png")), 1_000_000, "\"v1\"", dir.resolve("g"));

        ImageUrlFetcher.Fetched fetched = assertInstanceOf(Body.class, first).fetched();
        assertEquals("\"v1\"", fetched.etag());
        assertEquals(Duration.ofSeconds(60), fetched.freshFor());
        assertEquals(Duration.ofSeconds(60), assertInstanceOf(NotModified.class, again).freshFor());
        assertFalse(Files.exists(dir.resolve("g")), "nothing downloaded");
    }

    private static ImageUrlFetcher fetcher(boolean allowLoopback) {
        return new ImageUrlFetcher(new TestSettings(allowLoopback));
    }

    private record TestSettings(boolean allowLoopback) implements InputsConfig {

        @Override
        public Duration urlCacheTtl() {
            return Duration.ofHours(1);
        }

        @Override
        public long maxImageBytes() {
            return 1_000_000;
        }

        @Override
        public long maxMaskBytes() {
            return 1_000_000;
        }

        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(1);
        }

        @Override
        public Duration headerTimeout() {
            return Duration.ofMillis(500);
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public int maxRedirects() {
            return 3;
        }
    }
}
