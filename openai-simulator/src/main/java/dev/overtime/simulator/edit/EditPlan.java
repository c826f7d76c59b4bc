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

    /** No size, {@code auto}, or the input's own size all mean "keep the input's dimensions". */
    public Size outputSize() {
        return size.orElse(firstInput());
    }
}
