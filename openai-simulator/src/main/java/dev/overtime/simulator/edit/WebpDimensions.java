package dev.overtime.simulator.edit;

import java.awt.Dimension;
import java.util.Optional;

/**
 * Reads a WebP file's canvas size from its header. The JDK cannot decode WebP, so this is all the
 * simulator learns from a WebP input.
 */
final class WebpDimensions {

    private WebpDimensions() {
    }

    static Optional<Dimension> read(byte[] b) {
        if (b.length < 30) {
            return Optional.empty();
        }
        String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
        return switch (chunk) {
            case "VP8X" -> Optional.of(new Dimension(1 + le24(b, 24), 1 + le24(b, 27)));
            case "VP8L" -> {
                if ((b[20] & 0xff) != 0x2f) {
                    yield Optional.empty();
                }
                int bits = (b[21] & 0xff) | (b[22] & 0xff) << 8 | (b[23] & 0xff) << 16 | (b[24] & 0xff) << 24;
                yield Optional.of(new Dimension(1 + (bits & 0x3fff), 1 + ((bits >> 14) & 0x3fff)));
            }
            case "VP8 " -> {
                if ((b[23] & 0xff) != 0x9d || (b[24] & 0xff) != 0x01 || (b[25] & 0xff) != 0x2a) {
                    yield Optional.empty();
                }
                yield Optional.of(new Dimension(le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff));
            }
            default -> Optional.empty();
        };
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private static int le24(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16;
    }
}
