package dev.overtime.simulator.edit;

import java.util.List;
import java.util.Optional;

/** A validated image edit: everything the renderer needs, with defaults resolved. */
public record EditPlan(
        String model,
        String prompt,
        int n,
        Optional<Size> size,
        String quality,
        String background,
        String outputFormat,
        int outputCompression,
        boolean stream,
        int partialImages,
        List<Upload> images,
        Optional<Upload> mask,
        List<Size> inputSizes) {

    /** The longest side of an image the GPT image models make (1536x1024, 1024x1536). */
    public static final int LARGEST_OUTPUT_SIDE = 1536;

    /** Width and height in pixels. */
    public record Size(int width, int height) {

        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    public Size firstInput() {
        return inputSizes.getFirst();
    }

    /**
     * No size, {@code auto}, or the input's own size all mean "keep the input's dimensions", as far as the model
     * makes such an image: past 1536 on a side, {@code auto} gives the GPT image size of the input's shape
     * (1024x1024, 1536x1024 or 1024x1536), as OpenAI does, never a 4000x4000 image.
     */
    public Size outputSize() {
        if (size.isPresent()) {
            return size.get();
        }
        Size input = firstInput();
        if (Math.max(input.width(), input.height()) <= LARGEST_OUTPUT_SIDE) {
            return input;
        }
        double ratio = input.width() / (double) input.height();
        return ratio > 1.25 ? new Size(1536, 1024) : ratio < 0.8 ? new Size(1024, 1536) : new Size(1024, 1024);
    }
}
