package dev.overtime.api.imageedit.validation;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import dev.overtime.imageformat.ImageFormat;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

/**
 * Reads an upload from its spooled file to learn what it really is. Names and declared content types are never
 * trusted: a text file named photo.png is found out here. Memory is bounded whatever the file:
 * <ol>
 *   <li>the magic bytes name the format (a few bytes read);</li>
 *   <li>the decoder reads only the header for the canvas, which is checked against the pixel limit and, past
 *       {@code unguardedDecodedBytes}, against the file's size (a decompression bomb declares a canvas hundreds of
 *       times its file) — before any pixel is inflated;</li>
 *   <li>the whole data stream is then decoded with a 1x1 subsampled destination, so every row is inflated and
 *       unfiltered (a truncated or corrupt file fails) while only row buffers are held. Full rasters (a mask's
 *       alpha scan; a WebP frame, which the decoder builds whole) take their bytes from the {@link DecodeBudget}.</li>
 * </ol>
 * The file is read through {@link FileImageInputStream} (random access on disk), never copied into the heap.
 */
public final class ImageInspector {

    static {
        // The JDK has no WebP decoder. Registered by hand: ImageIO's plugin scan depends on which class loader first
        // touches it, which in Quarkus is not the application's.
        IIORegistry.getDefaultInstance().registerServiceProvider(new WebPImageReaderSpi());
    }

    /** The decoding bounds; see {@code overtime.api.uploads.*}. */
    public record Limits(long maxPixels, long unguardedDecodedBytes, int maxInflateRatio) {
    }

    private static final int BYTES_PER_PIXEL = 4;

    private final Limits limits;
    private final DecodeBudget budget;

    public ImageInspector(Limits limits, DecodeBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    /**
     * Empty when the file is not a decodable PNG, JPEG or WebP; {@code IMAGE_TOO_LARGE} when its canvas is over the
     * limits. Every byte of the image data is decompressed and checked, but no pixel kept: transparency is not
     * answered.
     */
    public Optional<InspectedImage> inspect(Path file) {
        return inspect(file, false);
    }

    /** Like {@link #inspect}, and also looks at every pixel's alpha, as a mask needs. */
    public Optional<InspectedImage> inspectMask(Path file) {
        return inspect(file, true);
    }

    private Optional<InspectedImage> inspect(Path file, boolean scanAlpha) {
        try {
            ImageFormat format = sniff(file).orElse(null);
            if (format == null) {
                return Optional.empty();
            }
            long fileSize = Files.size(file);
            try (ImageInputStream input = new FileImageInputStream(file.toFile())) {
                ImageReader reader = readerFor(input).orElse(null);
                if (reader == null) {
                    return Optional.empty();
                }
                try {
                    reader.setInput(input, true, true);
                    int width = reader.getWidth(0);
                    int height = reader.getHeight(0);
                    checkBounds(width, height, fileSize);
                    // A WebP frame is decoded whole whatever the subsampling, like a mask scanned for alpha.
                    boolean fullRaster = scanAlpha || format == ImageFormat.WEBP;
                    long rasterBytes = fullRaster ? (long) width * height * BYTES_PER_PIXEL : 0;
                    try (DecodeBudget.Lease ignored = budget.reserve(rasterBytes)) {
                        return Optional.of(decode(reader, format, width, height, scanAlpha));
                    }
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException refused) {
                throw refused;
            }
            // Truncated or corrupt data: ImageIO reports it with a mix of checked and unchecked errors.
            return Optional.empty();
        }
    }

    private static Optional<ImageFormat> sniff(Path file) throws IOException {
        byte[] head = new byte[16];
        try (InputStream in = Files.newInputStream(file)) {
            int read = in.readNBytes(head, 0, head.length);
            return read < head.length ? Optional.empty() : ImageFormat.sniff(head);
        }
    }

    private static Optional<ImageReader> readerFor(ImageInputStream input) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        return readers.hasNext() ? Optional.of(readers.next()) : Optional.empty();
    }

    /** Everything decided from the header, before a byte is inflated. */
    private void checkBounds(int width, int height, long fileSize) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("no canvas");
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new ApiException(ErrorCode.IMAGE_TOO_LARGE, "The image is " + width + "x" + height + ": more than "
                    + limits.maxPixels() + " pixels.");
        }
        long decoded = pixels * BYTES_PER_PIXEL;
        if (decoded > limits.unguardedDecodedBytes() && decoded > fileSize * limits.maxInflateRatio()) {
            throw new ApiException(ErrorCode.IMAGE_TOO_LARGE, "The image declares " + width + "x" + height
                    + " pixels in " + fileSize + " bytes: more than " + limits.maxInflateRatio()
                    + " times its size once decoded.");
        }
    }

    private static InspectedImage decode(ImageReader reader, ImageFormat format, int width, int height,
                                         boolean scanAlpha) throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        if (!scanAlpha) {
            // One sampled pixel: the reader still inflates and unfilters every row but keeps none of them.
            param.setSourceSubsampling(width, height, 0, 0);
        }
        BufferedImage image = reader.read(0, param);
        boolean alpha = image.getColorModel().hasAlpha();
        return new InspectedImage(format, width, height, alpha, scanAlpha && alpha && anyTransparent(image));
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
