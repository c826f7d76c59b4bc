package dev.overtime.imageformat;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageHeaderTest {

    @Test
    void readsPngTypeAndSize() throws IOException {
        assertEquals(Optional.of(new ImageHeader(ImageFormat.PNG, 7, 5)), ImageHeader.read(encode("png", 7, 5)));
    }

    @Test
    void readsJpegTypeAndSize() throws IOException {
        assertEquals(Optional.of(new ImageHeader(ImageFormat.JPEG, 16, 9)), ImageHeader.read(encode("jpg", 16, 9)));
    }

    @Test
    void readsLossyWebpSizeFromVp8Header() {
        byte[] webp = Webp.riff("VP8 ", new byte[]{0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A,
                (byte) 0x00, 0x04, (byte) 0x00, 0x03, 0, 0});
        assertEquals(Optional.of(new ImageHeader(ImageFormat.WEBP, 1024, 768)), ImageHeader.read(webp));
    }

    @Test
    void readsLosslessWebpSizeFromVp8lHeader() {
        int bits = (1535) | (1023 << 14);
        byte[] webp = Webp.riff("VP8L", new byte[]{0x2F, (byte) bits, (byte) (bits >>> 8), (byte) (bits >>> 16),
                (byte) (bits >>> 24), 0, 0, 0, 0, 0});
        assertEquals(Optional.of(new ImageHeader(ImageFormat.WEBP, 1536, 1024)), ImageHeader.read(webp));
    }

    @Test
    void readsExtendedWebpCanvasSizeFromVp8xHeader() {
        byte[] webp = Webp.riff("VP8X", new byte[]{0x10, 0, 0, 0, (byte) 0xFF, 0x03, 0x00, (byte) 0xFF, 0x05, 0x00});
        assertEquals(Optional.of(new ImageHeader(ImageFormat.WEBP, 1024, 1536)), ImageHeader.read(webp));
    }

    @Test
    void webpWithUnknownChunkIsStillWebpWithZeroSize() {
        byte[] webp = Webp.riff("ABCD", new byte[10]);
        assertEquals(Optional.of(new ImageHeader(ImageFormat.WEBP, 0, 0)), ImageHeader.read(webp));
    }

    @Test
    void trustsBytesNotNames() throws IOException {
        // A PNG is a PNG whatever it is called; a GIF or text is not an image we know.
        assertEquals(ImageFormat.PNG, ImageHeader.read(encode("png", 1, 1)).orElseThrow().format());
        assertTrue(ImageHeader.read("GIF89a....".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(ImageHeader.read("{\"error\":{}}".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(ImageHeader.read(new byte[0]).isEmpty());
        assertTrue(ImageHeader.read(null).isEmpty());
    }

    @Test
    void truncatedPngKeepsItsTypeWithZeroSize() {
        byte[] header = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        assertEquals(Optional.of(new ImageHeader(ImageFormat.PNG, 0, 0)), ImageHeader.read(header));
    }

    private static byte[] encode(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
