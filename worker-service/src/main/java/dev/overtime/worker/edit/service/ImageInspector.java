package dev.overtime.worker.edit.service;

import jakarta.enterprise.context.ApplicationScoped;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * Tells what an image really is from its bytes (magic numbers) and how large it is, whatever the upstream claims.
 */
@ApplicationScoped
public class ImageInspector {

    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";
    public static final String WEBP = "image/webp";

    /** Content type and pixel dimensions; dimensions are 0 when the format is known but the header is not readable. */
    public record InspectedImage(String contentType, int width, int height) {
    }

    /** Empty when the bytes are not PNG, JPEG or WebP. */
    public Optional<InspectedImage> inspect(byte[] data) {
        String type = sniffContentType(data);
        if (type == null) {
            return Optional.empty();
        }
        int[] size = WEBP.equals(type) ? webpSize(data) : imageIoSize(data);
        return Optional.of(new InspectedImage(type, size[0], size[1]));
    }

    static String sniffContentType(byte[] d) {
        if (d == null) {
            return null;
        }
        if (startsWith(d, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(d, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(d, 0, 'R', 'I', 'F', 'F') && startsWith(d, 8, 'W', 'E', 'B', 'P')) {
            return WEBP;
        }
        return null;
    }

    // Reads only the header through ImageIO's reader, so a multi-megabyte output is never decoded to pixels.
    private static int[] imageIoSize(byte[] data) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return new int[]{0, 0};
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new int[]{reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return new int[]{0, 0};
        }
    }

    // JDK ImageIO has no WebP reader, so read the size from the VP8, VP8L or VP8X chunk header.
    static int[] webpSize(byte[] d) {
        if (d.length < 30) {
            return new int[]{0, 0};
        }
        if (startsWith(d, 12, 'V', 'P', '8', ' ') && startsWith(d, 23, 0x9D, 0x01, 0x2A)) {
            int width = ((d[26] & 0xFF) | (d[27] & 0xFF) << 8) & 0x3FFF;
            int height = ((d[28] & 0xFF) | (d[29] & 0xFF) << 8) & 0x3FFF;
            return new int[]{width, height};
        }
        if (startsWith(d, 12, 'V', 'P', '8', 'L') && (d[20] & 0xFF) == 0x2F) {
            int bits = (d[21] & 0xFF) | (d[22] & 0xFF) << 8 | (d[23] & 0xFF) << 16 | (d[24] & 0xFF) << 24;
            return new int[]{(bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1};
        }
        if (startsWith(d, 12, 'V', 'P', '8', 'X')) {
            int width = ((d[24] & 0xFF) | (d[25] & 0xFF) << 8 | (d[26] & 0xFF) << 16) + 1;
            int height = ((d[27] & 0xFF) | (d[28] & 0xFF) << 8 | (d[29] & 0xFF) << 16) + 1;
            return new int[]{width, height};
        }
        return new int[]{0, 0};
    }

    private static boolean startsWith(byte[] data, int offset, int... expected) {
        if (data.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((data[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
