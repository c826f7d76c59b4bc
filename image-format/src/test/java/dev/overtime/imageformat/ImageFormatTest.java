package dev.overtime.imageformat;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImageFormatTest {

    @Test
    void sniffsEachFormatByItsMagicBytes() {
        assertEquals(Optional.of(ImageFormat.PNG), ImageFormat.sniff(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}));
        assertEquals(Optional.of(ImageFormat.JPEG), ImageFormat.sniff(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0}));
        assertEquals(Optional.of(ImageFormat.WEBP), ImageFormat.sniff(Webp.riff("VP8 ", new byte[0])));
        assertEquals("image/webp", ImageFormat.WEBP.contentType());
    }

    @Test
    void nothingElseIsAnImageFormat() {
        assertEquals(Optional.empty(), ImageFormat.sniff("GIF89a".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), ImageFormat.sniff(new byte[]{(byte) 0x89, 'P', 'N', 'G'}));
        assertEquals(Optional.empty(), ImageFormat.sniff("RIFF....WAVE".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), ImageFormat.sniff(new byte[0]));
        assertEquals(Optional.empty(), ImageFormat.sniff(null));
    }
}
