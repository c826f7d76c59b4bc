package dev.overtime.api.imageedit.validation;

import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import dev.overtime.imageformat.ImageFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageInspectorTest {

    // Modernizr's feature-detection images: real 1x1 WebP files, lossless, lossy, and lossy with an alpha chunk.
    private static final byte[] LOSSLESS_WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    private static final byte[] LOSSY_WEBP = Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
    private static final byte[] ALPHA_WEBP = Base64.getDecoder().decode(
            "UklGRkoAAABXRUJQVlA4WAoAAAAQAAAAAAAAAAAAQUxQSAwAAAARBxAR/Q9ERP8DAABWUDggGAAAABQBAJ0BKgEAAQAAAP4AAA3AAP7mtQAAAA==");

    @TempDir
    Path dir;

    private final ImageInspector inspector = inspector(40_000_000, 64L << 20);

    @Test
    void readsFormatAndSizeOfAnImageWithoutKeepingPixels() throws IOException {
        InspectedImage image = inspector.inspect(file(encode(noise(97, 61, BufferedImage.TYPE_INT_RGB), "png"))).orElseThrow();
        assertEquals(new InspectedImage(ImageFormat.PNG, 97, 61, false, false), image);
        InspectedImage jpeg = inspector.inspect(file(encode(noise(40, 30, BufferedImage.TYPE_INT_RGB), "jpeg"))).orElseThrow();
        assertEquals(new InspectedImage(ImageFormat.JPEG, 40, 30, false, false), jpeg);
    }

    @Test
    void refusesTruncatedOrCorruptImageDataEvenWithoutAnAlphaScan() throws IOException {
        byte[] png = encode(noise(256, 256, BufferedImage.TYPE_INT_RGB), "png");
        assertEquals(Optional.empty(), inspector.inspect(file(Arrays.copyOf(png, png.length * 2 / 3))));
        byte[] corrupt = png.clone();
        corrupt[png.length / 2] ^= 0x55;
        assertEquals(Optional.empty(), inspector.inspect(file(corrupt)));
    }

    @Test
    void aMaskInspectionFindsItsTransparentPixels() throws IOException {
        BufferedImage mask = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                mask.setRGB(x, y, x == 50 && y == 60 ? 0x00000000 : 0xff000000);
            }
        }
        Path withHole = file(encode(mask, "png"));
        assertTrue(inspector.inspectMask(withHole).orElseThrow().hasTransparentPixel());
        assertTrue(inspector.inspectMask(withHole).orElseThrow().hasAlphaChannel());

        mask.setRGB(50, 60, 0x01000000);
        assertFalse(inspector.inspectMask(file(encode(mask, "png"))).orElseThrow().hasTransparentPixel());
    }

    @Test
    void refusesACanvasAboveThePixelLimitBeforeDecodingIt() throws IOException {
        ImageInspector small = inspector(1_000, 64L << 20);
        ApiException refused = assertThrows(ApiException.class,
                () -> small.inspect(file(encode(noise(40, 30, BufferedImage.TYPE_INT_RGB), "png"))));
        assertEquals(ErrorCode.IMAGE_TOO_LARGE, refused.code());
    }

    @Test
    void refusesADecompressionBombFromItsHeaderWithoutInflatingIt() throws IOException {
        // 6000x6000 of one colour: 144 MB decoded from a file of a few hundred KB, far past 100 times its size.
        BufferedImage flat = new BufferedImage(6000, 6000, BufferedImage.TYPE_BYTE_GRAY);
        Path bomb = file(encode(flat, "png"));
        long started = System.nanoTime();
        ApiException refused = assertThrows(ApiException.class, () -> inspector.inspect(bomb));
        assertEquals(ErrorCode.IMAGE_TOO_LARGE, refused.code());
        assertTrue(refused.getMessage().contains("6000x6000"), refused.getMessage());
        // Deciding from the header is what makes it cheap; a full inflate of this file takes far longer.
        assertTrue(System.nanoTime() - started < java.util.concurrent.TimeUnit.SECONDS.toNanos(2));
    }

    @Test
    void aFlatMaskOfOrdinarySizeIsNotMistakenForABomb() throws IOException {
        BufferedImage mask = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_ARGB);
        assertTrue(inspector.inspectMask(file(encode(mask, "png"))).orElseThrow().hasTransparentPixel());
    }

    @Test
    void decodesRealWebpFilesLosslessLossyAndWithAlpha() {
        assertEquals(Optional.of(new InspectedImage(ImageFormat.WEBP, 1, 1, true, false)),
                inspector.inspect(file(LOSSLESS_WEBP)).map(i -> new InspectedImage(i.format(), i.width(), i.height(), true, false)));
        assertEquals(ImageFormat.WEBP, inspector.inspect(file(LOSSY_WEBP)).orElseThrow().format());
        InspectedImage alpha = inspector.inspect(file(ALPHA_WEBP)).orElseThrow();
        assertEquals(1, alpha.width());
        assertTrue(alpha.hasAlphaChannel());
    }

    @Test
    void refusesAHeaderOnlyWebpThatDeclaresACanvasButHasNoImageData() {
        byte[] headerOnly = webp("VP8X", new byte[]{0x10, 0, 0, 0, (byte) 0xFF, 0x03, 0x00, (byte) 0xFF, 0x05, 0x00}, 0);
        assertEquals(Optional.empty(), inspector.inspect(file(headerOnly)));
        byte[] zeroSizedFrame = {0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A, 0, 0, 0, 0, 0, 0};
        assertEquals(Optional.empty(), inspector.inspect(file(webp("VP8 ", zeroSizedFrame, 0))));
    }

    @Test
    void fullRastersWaitForTheDecodeBudgetAndAreRefusedOverloadedWhenItStaysTaken() throws IOException {
        DecodeBudget budget = new DecodeBudget(1L << 20, Duration.ofMillis(200));
        ImageInspector tight = new ImageInspector(new ImageInspector.Limits(40_000_000, 24L << 20, 100), budget);
        Path mask = file(encode(new BufferedImage(256, 256, BufferedImage.TYPE_INT_ARGB), "png"));
        try (DecodeBudget.Lease held = budget.reserve(1L << 20)) {
            ApiException refused = assertThrows(ApiException.class, () -> tight.inspectMask(mask));
            assertEquals(ErrorCode.OVERLOADED, refused.code());
        }
        assertTrue(tight.inspectMask(mask).orElseThrow().hasTransparentPixel());
        assertEquals(1L << 20, budget.availableBytes());
    }

    private static ImageInspector inspector(long maxPixels, long budgetBytes) {
        return new ImageInspector(new ImageInspector.Limits(maxPixels, 24L << 20, 100),
                new DecodeBudget(budgetBytes, Duration.ofSeconds(1)));
    }

    private Path file(byte[] bytes) {
        try {
            return Files.write(Files.createTempFile(dir, "upload-", ".bin"), bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
