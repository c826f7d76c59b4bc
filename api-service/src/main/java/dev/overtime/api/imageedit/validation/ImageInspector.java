package dev.overtime.api.imageedit.validation;

import dev.overtime.imageformat.ImageFormat;
import dev.overtime.imageformat.WebpHeader;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * Reads an upload's bytes to learn what it really is. Names and declared content types are never
 * trusted: a text file named photo.png is found out here.
 */
public final class ImageInspector {

    private final long maxPixels;

    public ImageInspector(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /**
     * Empty when the bytes are not a decodable PNG, JPEG or WebP within the pixel limit. Every byte of the image
     * data is still decompressed and checked, but no pixel is kept: {@code hasTransparentPixel} is not answered.
     */
    public Optional<InspectedImage> inspect(byte[] bytes) {
        return inspect(bytes, false);
    }

    /** Like {@link #inspect}, and also looks at every pixel's alpha, as a mask needs. */
    public Optional<InspectedImage> inspectMask(byte[] bytes) {
        return inspect(bytes, true);
    }

    private Optional<InspectedImage> inspect(byte[] bytes, boolean scanAlpha) {
        ImageFormat format = ImageFormat.sniff(bytes).orElse(null);
        if (format == null) {
            return Optional.empty();
        }
        try {
            return format == ImageFormat.WEBP ? webp(bytes).filter(this::withinPixelLimit)
                    : decode(format, bytes, scanAlpha);
        } catch (IOException | RuntimeException e) {
            // Truncated or corrupt data: ImageIO reports it with a mix of checked and unchecked errors.
            return Optional.empty();
        }
    }

    /**
     * The JDK has no WebP decoder, so for WebP "decodable" means a well-formed RIFF container with a valid bitstream
     * header declaring a canvas. Without a decoder no pixel is seen, so transparency is assumed from the alpha flag.
     */
    private static Optional<InspectedImage> webp(byte[] bytes) {
        return WebpHeader.read(bytes)
                .filter(header -> header.containerFits(bytes.length) && header.width() > 0 && header.height() > 0)
                .map(header -> new InspectedImage(ImageFormat.WEBP, header.width(), header.height(), header.alpha(),
                        header.alpha()));
    }

    private boolean withinPixelLimit(InspectedImage image) {
        return (long) image.width() * image.height() <= maxPixels;
    }

    private Optional<InspectedImage> decode(ImageFormat format, byte[] bytes, boolean scanAlpha) throws IOException {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > maxPixels) {
                    return Optional.empty();
                }
                // Decoding the whole data stream is what proves the file is an image and not just a header. Without
                // an alpha scan one sampled pixel is enough: the reader still inflates and unfilters every row (and
                // fails on truncated or corrupt data) but skips copying them into a raster: half the time for a 512x512 PNG.
                ImageReadParam param = reader.getDefaultReadParam();
                if (!scanAlpha) {
                    param.setSourceSubsampling(width, height, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                boolean alpha = image.getColorModel().hasAlpha();
                return Optional.of(new InspectedImage(format, width, height, alpha, scanAlpha && alpha && anyTransparent(image)));
            } finally {
                reader.dispose();
            }
        }
    }

    private static boolean anyTransparent(BufferedImage image) {
        Raster alpha = image.getAlphaRaster();
        if (alpha == null) {
            return false;
        }
        int width = image.getWidth();
        int[] row = new int[width];
        for (int y = 0; y < image.getHeight(); y++) {
            alpha.getSamples(0, y, width, 1, 0, row);
            for (int a : row) {
                if (a == 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
