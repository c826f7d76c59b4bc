package dev.overtime.worker.inputs;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How a fetched response is framed and how long it may be reused: chunked bodies and Cache-Control. */
class HttpFramingTest {

    @Test
    void aChunkedBodyIsReadWithItsExtensionsAndTrailersDropped() throws IOException {
        String wire = "5;name=value\r\nhello\r\n7\r\n, world\r\n0\r\nExpires: never\r\n\r\nafter";
        ChunkedBody body = new ChunkedBody(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)));

        assertEquals("hello, world", new String(body.readAllBytes(), StandardCharsets.ISO_8859_1));
        assertEquals(-1, body.read(), "the message ended at the last chunk");
    }

    @Test
    void aChunkedBodyCutShortIsAnError() {
        ChunkedBody body = new ChunkedBody(new ByteArrayInputStream("a\r\nshort".getBytes(StandardCharsets.ISO_8859_1)));

        assertThrows(IOException.class, body::readAllBytes);
    }

    @Test
    void cacheControlSaysHowLongAndWhetherAtAll() {
        assertNull(CacheControl.freshFor(null), "nothing said: our TTL decides");
        assertEquals(Duration.ofSeconds(600), CacheControl.freshFor("public, max-age=600"));
        assertEquals(Duration.ZERO, CacheControl.freshFor("max-age=600, no-store"));
        assertEquals(Duration.ZERO, CacheControl.freshFor("no-cache"));
        assertNull(CacheControl.freshFor("max-age=soon"));
    }
}
