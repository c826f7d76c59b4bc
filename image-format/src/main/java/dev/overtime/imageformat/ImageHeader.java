package dev.overtime.imageformat;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * An image's format and pixel dimensions, read from its header only: a multi-megabyte image is never decoded to
 * pixels. Dimensions are 0 when the format is known but the header is not readable.
 */
public record ImageHeader(ImageFormat format, int width, int height) {

    /** Empty when the bytes are not PNG, JPEG or WebP. */
    public static Optional<ImageHeader> read(byte[] bytes) {
        return ImageFormat.sniff(bytes).map(format -> format == ImageFormat.WEBP
                ? WebpHeader.read(bytes).map(webp -> new ImageHeader(format, webp.width(), webp.height()))
                        .orElse(new ImageHeader(format, 0, 0))
                : imageIoHeader(format, bytes));
    }

    private static ImageHeader imageIoHeader(ImageFormat format, byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return new ImageHeader(format, 0, 0);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return new ImageHeader(format, reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // Truncated or corrupt headers: ImageIO reports them with a mix of checked and unchecked errors.
            return new ImageHeader(format, 0, 0);
        }
    }
}
