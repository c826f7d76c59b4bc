package dev.overtime.worker.edit.service;

import dev.overtime.worker.edit.service.ImageInspector.InspectedImage;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector();

    @Test
    void readsPngTypeAndSize() throws IOException {
        assertEquals(Optional.of(new InspectedImage("image/png", 7, 5)), inspector.inspect(encode("png", 7, 5)));
    }

    @Test
    void readsJpegTypeAndSize() throws IOException {
        assertEquals(Optional.of(new InspectedImage("image/jpeg", 16, 9)), inspector.inspect(encode("jpg", 16, 9)));
    }

    @Test
    void readsLossyWebpSizeFromVp8Header() {
        byte[] webp = riff("VP8 ", new byte[]{0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A,
                (byte) 0x00, 0x04, (byte) 0x00, 0x03, 0, 0});
        assertEquals(Optional.of(new InspectedImage("image/webp", 1024, 768)), inspector.inspect(webp));
    }

    @Test
    void readsLosslessWebpSizeFromVp8lHeader() {
        int bits = (1535) | (1023 << 14);
        byte[] webp = riff("VP8L", new byte[]{0x2F, (byte) bits, (byte) (bits >>> 8), (byte) (bits >>> 16),
                (byte) (bits >>> 24), 0, 0, 0, 0, 0});
        assertEquals(Optional.of(new InspectedImage("image/webp", 1536, 1024)), inspector.inspect(webp));
    }

    @Test
    void readsExtendedWebpCanvasSizeFromVp8xHeader() {
        byte[] webp = riff("VP8X", new byte[]{0x10, 0, 0, 0, (byte) 0xFF, 0x03, 0x00, (byte) 0xFF, 0x05, 0x00});
        assertEquals(Optional.of(new InspectedImage("image/webp", 1024, 1536)), inspector.inspect(webp));
    }

    @Test
    void webpWithUnknownChunkIsStillWebpWithZeroSize() {
        byte[] webp = riff("ABCD", new byte[10]);
        assertEquals(Optional.of(new InspectedImage("image/webp", 0, 0)), inspector.inspect(webp));
    }

    @Test
    void trustsBytesNotNames() throws IOException {
        // A PNG is a PNG whatever the upstream called it; a GIF or text is not an image we store.
        assertEquals("image/png", ImageInspector.sniffContentType(encode("png", 1, 1)));
        assertTrue(inspector.inspect("GIF89a....".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(inspector.inspect("{\"error\":{}}".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(inspector.inspect(new byte[0]).isEmpty());
    }

    @Test
    void truncatedPngKeepsItsTypeWithZeroSize() {
        byte[] header = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        assertEquals(Optional.of(new InspectedImage("image/png", 0, 0)), inspector.inspect(header));
    }

    private static byte[] encode(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    private static byte[] riff(String chunk, byte[] payload) {
        byte[] data = new byte[20 + payload.length];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, data, 0, 4);
        System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, data, 8, 4);
        System.arraycopy(chunk.getBytes(StandardCharsets.US_ASCII), 0, data, 12, 4);
        System.arraycopy(payload, 0, data, 20, payload.length);
        return data;
    }
}
