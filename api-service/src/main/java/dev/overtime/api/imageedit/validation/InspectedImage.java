package dev.overtime.api.imageedit.validation;

import dev.overtime.imageformat.ImageFormat;

/**
 * What an upload turned out to be once its bytes were read: format, dimensions, and whether it
 * carries alpha with at least one fully transparent pixel (what OpenAI edits under a mask; only a mask
 * inspection looks for one).
 */
public record InspectedImage(ImageFormat format, int width, int height, boolean hasAlphaChannel,
                             boolean hasTransparentPixel) {
}
