package dev.overtime.api.imageedit.validation;

import dev.overtime.imageformat.ImageFormat;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector(40_000_000);

    @Test
    void readsFormatAndSizeOfAnImageWithoutKeepingPixels() throws IOException {
        InspectedImage image = inspector.inspect(encode(noise(97, 61, BufferedImage.TYPE_INT_RGB), "png")).orElseThrow();
        assertEquals(new InspectedImage(ImageFormat.PNG, 97, 61, false, false), image);
        InspectedImage jpeg = inspector.inspect(encode(noise(40, 30, BufferedImage.TYPE_INT_RGB), "jpeg")).orElseThrow();
        assertEquals(new InspectedImage(ImageFormat.JPEG, 40, 30, false, false), jpeg);
    }

    @Test
    void refusesTruncatedOrCorruptImageDataEvenWithoutAnAlphaScan() throws IOException {
        byte[] png = encode(noise(256, 256, BufferedImage.TYPE_INT_RGB), "png");
        assertEquals(Optional.empty(), inspector.inspect(Arrays.copyOf(png, png.length * 2 / 3)));
        byte[] corrupt = png.clone();
        corrupt[png.length / 2] ^= 0x55;
        assertEquals(Optional.empty(), inspector.inspect(corrupt));
    }

    @Test
    void aMaskInspectionFindsItsTransparentPixels() throws IOException {
        BufferedImage mask = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                mask.setRGB(x, y, x == 50 && y == 60 ? 0x00000000 : 0xff000000);
            }
        }
        byte[] withHole = encode(mask, "png");
        assertTrue(inspector.inspectMask(withHole).orElseThrow().hasTransparentPixel());
        assertTrue(inspector.inspectMask(withHole).orElseThrow().hasAlphaChannel());

        mask.setRGB(50, 60, 0x01000000);
        assertFalse(inspector.inspectMask(encode(mask, "png")).orElseThrow().hasTransparentPixel());
    }

    @Test
    void refusesACanvasAboveThePixelLimitBeforeDecodingIt() throws IOException {
        ImageInspector small = new ImageInspector(1_000);
        assertEquals(Optional.empty(), small.inspect(encode(noise(40, 30, BufferedImage.TYPE_INT_RGB), "png")));
    }

    @Test
    void acceptsAWellFormedWebpByItsHeaderAndTakesTransparencyFromItsAlphaFlag() {
        byte[] webp = webp("VP8X", new byte[]{0x10, 0, 0, 0, (byte) 0xFF, 0x03, 0x00, (byte) 0xFF, 0x05, 0x00}, 0);
        assertEquals(Optional.of(new InspectedImage(ImageFormat.WEBP, 1024, 1536, true, true)), inspector.inspect(webp));
    }

    @Test
    void refusesAWebpWhoseContainerOrCanvasIsWrongOrTooLarge() {
        byte[] payload = {0x10, 0, 0, 0, (byte) 0xFF, 0x03, 0x00, (byte) 0xFF, 0x05, 0x00};
        assertEquals(Optional.empty(), inspector.inspect(webp("VP8X", payload, 100)));
        byte[] zeroSizedFrame = {0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A, 0, 0, 0, 0, 0, 0};
        assertEquals(Optional.empty(), inspector.inspect(webp("VP8 ", zeroSizedFrame, 0)));
        assertEquals(Optional.empty(), new ImageInspector(1_000).inspect(webp("VP8X", payload, 0)));
    }

    /** A WebP file's first bytes; its RIFF size says the file is {@code extraRiffBytes} longer than it is. */
    private static byte[] webp(String chunk, byte[] payload, int extraRiffBytes) {
        byte[] data = new byte[20 + payload.length];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, data, 0, 4);
        System.arraycopy("WEBP".getBytes(StandardCharsets.US_ASCII), 0, data, 8, 4);
        System.arraycopy(chunk.getBytes(StandardCharsets.US_ASCII), 0, data, 12, 4);
        System.arraycopy(payload, 0, data, 20, payload.length);
        int riffSize = data.length - 8 + extraRiffBytes;
        for (int i = 0; i < 4; i++) {
            data[4 + i] = (byte) (riffSize >>> (8 * i));
        }
        return data;
    }

    private static BufferedImage noise(int width, int height, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        java.util.Random random = new java.util.Random(width * 31L + height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt());
            }
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }
}
