package dev.overtime.api.imageedit.validation;

import java.util.Optional;

/**
 * Dimensions from a WebP file's first chunk (VP8, VP8L or VP8X). The JDK has no WebP decoder, so
 * for WebP "decodable" means a well-formed RIFF container with a valid bitstream header.
 */
final class WebpHeader {

    private WebpHeader() {
    }

    static Optional<InspectedImage> read(byte[] b) {
        if (b.length < 30) {
            return Optional.empty();
        }
        long riffSize = le32(b, 4);
        if (riffSize + 8 > b.length + 1L || riffSize < 4) {
            return Optional.empty();
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> lossy(b);
            case "VP8L" -> lossless(b);
            case "VP8X" -> extended(b);
            default -> Optional.empty();
        };
    }

    private static Optional<InspectedImage> lossy(byte[] b) {
        // Frame header: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
        if ((b[23] & 0xFF) != 0x9d || (b[24] & 0xFF) != 0x01 || (b[25] & 0xFF) != 0x2a) {
            return Optional.empty();
        }
        int width = le16(b, 26) & 0x3FFF;
        int height = le16(b, 28) & 0x3FFF;
        return image(width, height, false);
    }

    private static Optional<InspectedImage> lossless(byte[] b) {
        if ((b[20] & 0xFF) != 0x2f) {
            return Optional.empty();
        }
        long bits = le32(b, 21);
        int width = (int) (bits & 0x3FFF) + 1;
        int height = (int) ((bits >> 14) & 0x3FFF) + 1;
        boolean alpha = ((bits >> 28) & 1) == 1;
        return image(width, height, alpha);
    }

    private static Optional<InspectedImage> extended(byte[] b) {
        boolean alpha = (b[20] & 0x10) != 0;
        int width = le24(b, 24) + 1;
        int height = le24(b, 27) + 1;
        return image(width, height, alpha);
    }

    private static Optional<InspectedImage> image(int width, int height, boolean alpha) {
        if (width <= 0 || height <= 0) {
            return Optional.empty();
        }
        // Without a decoder we cannot see individual pixels, so transparency is assumed from the flag.
        return Optional.of(new InspectedImage(ImageFormat.WEBP, width, height, alpha, alpha));
    }

    private static int le16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int le24(byte[] b, int i) {
        return le16(b, i) | (b[i + 2] & 0xFF) << 16;
    }

    private static long le32(byte[] b, int i) {
        return (le24(b, i) | (long) (b[i + 3] & 0xFF) << 24) & 0xFFFFFFFFL;
    }
}
