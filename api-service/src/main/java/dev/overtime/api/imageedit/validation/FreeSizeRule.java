package dev.overtime.api.imageedit.validation;

import dev.overtime.api.config.ModelCapabilities.FreeSizes;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** OpenAI's rules for free {@code WxH} sizes (gpt-image-2): multiples, aspect ratio, edge and pixel limits. */
final class FreeSizeRule {

    private static final Pattern WXH = Pattern.compile("([1-9][0-9]{1,4})x([1-9][0-9]{1,4})");

    private FreeSizeRule() {
    }

    /** Null when the size is acceptable, else why not. */
    static String violation(String size, FreeSizes rules) {
        Matcher m = WXH.matcher(size);
        if (!m.matches()) {
            return "size must be WIDTHxHEIGHT, e.g. 1536x864";
        }
        int width = Integer.parseInt(m.group(1));
        int height = Integer.parseInt(m.group(2));
        if (width % rules.multipleOf() != 0 || height % rules.multipleOf() != 0) {
            return "width and height must both be divisible by " + rules.multipleOf();
        }
        double aspect = (double) Math.max(width, height) / Math.min(width, height);
        if (aspect > rules.maxAspectRatio()) {
            return "aspect ratio must be between 1:" + fmt(rules.maxAspectRatio()) + " and " + fmt(rules.maxAspectRatio()) + ":1";
        }
        if (Math.max(width, height) > rules.maxEdge()) {
            return "the longest edge may be at most " + rules.maxEdge() + " pixels";
        }
        long pixels = (long) width * height;
        if (pixels > rules.maxPixels() || pixels < rules.minPixels()) {
            return "total pixels must be between " + rules.minPixels() + " and " + rules.maxPixels();
        }
        return null;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
