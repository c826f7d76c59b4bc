package dev.overtime.imageformat;

import java.util.Optional;

/**
 * What a WebP file's first chunk (VP8, VP8L or VP8X) says: canvas size and whether it has alpha. The JDK has no WebP
 * decoder, so this header is all any of our services learns from a WebP image.
 *
 * @param riffSize the size the RIFF container declares for itself (the file's length minus 8 when whole)
 */
public record WebpHeader(int width, int height, boolean alpha, long riffSize) {

    /**
     * The header of a WebP file, or empty when the first chunk is none of the three or its bitstream signature is
     * wrong. A lossy (VP8) frame may declare a zero width or height; callers decide what that means.
     */
    public static Optional<WebpHeader> read(byte[] b) {
        if (b == null || b.length < 30) {
            return Optional.empty();
        }
        long riffSize = le32(b, 4);
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8 " -> lossy(b, riffSize);
            case "VP8L" -> lossless(b, riffSize);
            case "VP8X" -> extended(b, riffSize);
            default -> Optional.empty();
        };
    }

    /** True when the declared RIFF size is plausible and fits {@code length} bytes (one padding byte tolerated). */
    public boolean containerFits(int length) {
        return riffSize >= 4 && riffSize + 8 <= length + 1L;
    }

    private static Optional<WebpHeader> lossy(byte[] b, long riffSize) {
        // Frame header: 3-byte frame tag, start code 9d 01 2a, then 14-bit width and height.
        if (!ImageFormat.startsWith(b, 23, 0x9D, 0x01, 0x2A)) {
            return Optional.empty();
        }
        return Optional.of(new WebpHeader(le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF, false, riffSize));
    }

    private static Optional<WebpHeader> lossless(byte[] b, long riffSize) {
        if ((b[20] & 0xFF) != 0x2F) {
            return Optional.empty();
        }
        long bits = le32(b, 21);
        int width = (int) (bits & 0x3FFF) + 1;
        int height = (int) ((bits >> 14) & 0x3FFF) + 1;
        return Optional.of(new WebpHeader(width, height, ((bits >> 28) & 1) == 1, riffSize));
    }

    private static Optional<WebpHeader> extended(byte[] b, long riffSize) {
        return Optional.of(new WebpHeader(le24(b, 24) + 1, le24(b, 27) + 1, (b[20] & 0x10) != 0, riffSize));
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
