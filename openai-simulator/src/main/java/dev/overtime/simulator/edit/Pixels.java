package dev.overtime.simulator.edit;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;

/** Bulk pixel access for decoded images, without a colour-model call per pixel. */
// BufferedImage.getRGB converts every pixel through the colour model one call at a time, which made it most of the
// simulator's CPU under load. The standard sRGB layouts ImageIO decodes 8-bit RGB(A) PNG and JPEG into are read
// straight from their buffers; anything else (grey, palette, 16-bit, an embedded colour profile) takes getRGB.
final class Pixels {

    private Pixels() {
    }

    /** Every pixel as non-premultiplied sRGB {@code 0xAARRGGBB}, row by row: what {@code getRGB} answers. */
    static int[] argb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int count = width * height;
        Raster raster = image.getRaster();
        if (isPlain(raster)) {
            switch (image.getType()) {
                case BufferedImage.TYPE_3BYTE_BGR -> {
                    byte[] bgr = bytes(raster, count * 3);
                    if (bgr != null) {
                        int[] out = new int[count];
                        for (int i = 0, p = 0; i < count; i++, p += 3) {
                            out[i] = 0xff000000 | (bgr[p + 2] & 0xff) << 16 | (bgr[p + 1] & 0xff) << 8 | (bgr[p] & 0xff);
                        }
                        return out;
                    }
                }
                case BufferedImage.TYPE_4BYTE_ABGR -> {
                    byte[] abgr = bytes(raster, count * 4);
                    if (abgr != null) {
                        int[] out = new int[count];
                        for (int i = 0, p = 0; i < count; i++, p += 4) {
                            out[i] = (abgr[p] & 0xff) << 24 | (abgr[p + 3] & 0xff) << 16 | (abgr[p + 2] & 0xff) << 8
                                    | (abgr[p + 1] & 0xff);
                        }
                        return out;
                    }
                }
                case BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_INT_RGB -> {
                    if (raster.getDataBuffer() instanceof DataBufferInt ints && ints.getNumBanks() == 1
                            && ints.getData().length == count) {
                        int[] out = ints.getData().clone();
                        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
                            for (int i = 0; i < count; i++) {
                                out[i] |= 0xff000000;
                            }
                        }
                        return out;
                    }
                }
                default -> {
                    // other layouts (grey, palette, 16-bit) take the general path below
                }
            }
        }
        return image.getRGB(0, 0, width, height, null, 0, width);
    }

    /** A new opaque or translucent image holding these pixels, without a per-pixel colour-model call. */
    static BufferedImage image(int[] pixels, int width, int height, boolean alpha) {
        BufferedImage image = new BufferedImage(width, height, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] target = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(pixels, 0, target, 0, pixels.length);
        return image;
    }

    // A raster that is its whole buffer: no parent, no offset into shared data.
    private static boolean isPlain(Raster raster) {
        return raster.getParent() == null && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0;
    }

    private static byte[] bytes(Raster raster, int expectedLength) {
        if (raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getNumBanks() == 1
                && buffer.getOffset() == 0 && buffer.getData().length == expectedLength) {
            return buffer.getData();
        }
        return null;
    }
}
