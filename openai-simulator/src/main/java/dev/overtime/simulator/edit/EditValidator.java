package dev.overtime.simulator.edit;

import dev.overtime.imageformat.ImageFormat;
import dev.overtime.simulator.config.SimulatorConfig;
import dev.overtime.simulator.config.SimulatorConfig.ModelRules;
import dev.overtime.simulator.edit.EditPlan.Size;
import dev.overtime.simulator.error.Errors;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges an edit request the way OpenAI does, first its fields and then the uploaded bytes, and
 * answers with the parameter at fault.
 */
@ApplicationScoped
public class EditValidator {

    private static final List<String> QUALITIES = List.of("standard", "low", "medium", "high", "auto");
    private static final List<String> BACKGROUNDS = List.of("transparent", "opaque", "auto");
    private static final List<String> OUTPUT_FORMATS = List.of("png", "jpeg", "webp");
    private static final List<String> INPUT_FIDELITIES = List.of("high", "low");
    private static final List<String> BOOLEANS = List.of("true", "false");
    private static final Pattern WIDTH_X_HEIGHT = Pattern.compile("(\\d{1,5})x(\\d{1,5})");
    private static final long MAX_MASK_BYTES = 4L * 1024 * 1024;

    private final SimulatorConfig config;
    private final ImageDecoder decoder;

    public EditValidator(SimulatorConfig config, ImageDecoder decoder) {
        this.config = config;
        this.decoder = decoder;
    }

    /** Checks the form fields only: cheap, no bytes read. */
    public EditPlan validateFields(EditForm form) {
        String prompt = form.field("prompt").filter(p -> !p.isBlank()).orElseThrow(() -> Errors.missing("prompt"));
        if (form.images().isEmpty()) {
            throw Errors.missing("image");
        }
        String model = form.field("model").filter(m -> !m.isBlank()).orElse(config.defaultModel());
        ModelRules rules = rules(model);
        if (prompt.length() > rules.maxPromptLength()) {
            throw Errors.tooLong("prompt", rules.maxPromptLength(), prompt.length());
        }
        if (form.images().size() > rules.maxImages()) {
            throw Errors.tooMany("image", rules.maxImages(), form.images().size());
        }
        int n = integer(form, "n", 1, 1, 10);
        Optional<Size> size = size(form.field("size").orElse("auto"), rules);
        String quality = choice(form, "quality", QUALITIES, "auto");
        String outputFormat = choice(form, "output_format", OUTPUT_FORMATS, "png");
        if (form.field("output_format").isPresent() && !rules.supportsOutputFormat()) {
            throw Errors.unsupported("output_format", "The 'output_format' parameter is not supported for " + model + ".");
        }
        String background = choice(form, "background", BACKGROUNDS, "auto");
        if (background.equals("transparent") && outputFormat.equals("jpeg")) {
            throw Errors.invalidValue("background",
                    "Transparent background is not supported with output_format 'jpeg'; use 'png' or 'webp'.");
        }
        int compression = integer(form, "output_compression", 100, 0, 100);
        Optional<String> fidelity = form.field("input_fidelity").map(v -> check("input_fidelity", v, INPUT_FIDELITIES));
        if (fidelity.isPresent() && !rules.supportsInputFidelity()) {
            throw Errors.unsupported("input_fidelity", "The 'input_fidelity' parameter is not supported for " + model + ".");
        }
        form.field("response_format").ifPresent(format -> {
            if (!format.equals("b64_json")) {
                throw Errors.unsupported("response_format",
                        "Unknown parameter: 'response_format'. GPT image models always return base64-encoded images.");
            }
        });
        boolean stream = Boolean.parseBoolean(form.field("stream").map(v -> check("stream", v, BOOLEANS)).orElse("false"));
        int partialImages = integer(form, "partial_images", 0, 0, 3);
        for (Upload image : form.images()) {
            if (image.size() > rules.maxImageSize().asLongValue()) {
                throw Errors.imageTooLarge("image", rules.maxImageSize().asLongValue());
            }
        }
        if (form.mask().isPresent() && form.mask().get().size() > MAX_MASK_BYTES) {
            throw Errors.imageTooLarge("mask", MAX_MASK_BYTES);
        }
        return new EditPlan(model, prompt, n, size, quality, background, outputFormat, compression, stream,
                partialImages, form.images(), form.mask(), List.of());
    }

    /** Reads and decodes every upload; CPU work, so callers run it off the event loop. */
    public EditPlan validateImages(EditPlan plan) {
        List<Size> sizes = new ArrayList<>();
        int index = 1;
        for (Upload image : plan.images()) {
            ImageDecoder.Decoded decoded = decoder.decode(image.bytes(), "image", index++);
            sizes.add(new Size(decoded.width(), decoded.height()));
        }
        if (plan.mask().isPresent()) {
            checkMask(plan.mask().get(), sizes.getFirst());
        }
        Optional<Size> size = plan.size().filter(s -> !s.equals(sizes.getFirst()));
        return new EditPlan(plan.model(), plan.prompt(), plan.n(), size, plan.quality(), plan.background(),
                plan.outputFormat(), plan.outputCompression(), plan.stream(), plan.partialImages(), plan.images(),
                plan.mask(), List.copyOf(sizes));
    }

    private void checkMask(Upload mask, Size image) {
        byte[] bytes = mask.bytes();
        if (ImageFormat.sniff(bytes).filter(f -> f == ImageFormat.PNG).isEmpty()) {
            throw Errors.invalidMask("Invalid mask image: the mask must be a PNG file.");
        }
        ImageDecoder.Decoded decoded = decoder.decode(bytes, "mask", 1);
        if (!decoded.hasAlpha()) {
            throw Errors.invalidMask("Invalid mask image: the mask must have an alpha channel (RGBA or LA); its fully"
                    + " transparent areas mark where the image is edited.");
        }
        if (decoded.width() != image.width() || decoded.height() != image.height()) {
            throw Errors.invalidMask("Invalid mask image: the mask (" + decoded.width() + "x" + decoded.height()
                    + ") must have the same dimensions as the image (" + image + ").");
        }
    }

    private ModelRules rules(String model) {
        ModelRules rules = config.models().get(model);
        if (rules == null) {
            List<String> known = config.models().entrySet().stream()
                    .filter(e -> !e.getValue().retired()).map(java.util.Map.Entry::getKey).sorted().toList();
            throw Errors.invalidValue("model", model, known);
        }
        if (rules.retired()) {
            throw Errors.invalidValue("model", "The model '" + model + "' has been retired and is no longer"
                    + " available for image edits.");
        }
        return rules;
    }

    /** Empty means "as large as the input". */
    private static Optional<Size> size(String value, ModelRules rules) {
        if (value.equals("auto") && rules.sizes().contains("auto")) {
            return Optional.empty();
        }
        Matcher matcher = WIDTH_X_HEIGHT.matcher(value);
        if (rules.sizes().contains(value) && matcher.matches()) {
            return Optional.of(new Size(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))));
        }
        if (!rules.freeSizes() || !matcher.matches()) {
            throw Errors.invalidValue("size", value, rules.sizes());
        }
        int width = Integer.parseInt(matcher.group(1));
        int height = Integer.parseInt(matcher.group(2));
        double aspect = Math.max(width, height) / (double) Math.max(1, Math.min(width, height));
        if (width == 0 || height == 0 || width % rules.sizeMultiple() != 0 || height % rules.sizeMultiple() != 0) {
            throw Errors.invalidValue("size", "Invalid size '" + value + "': width and height must both be"
                    + " divisible by " + rules.sizeMultiple() + ".");
        }
        if (aspect > rules.maxAspectRatio()) {
            throw Errors.invalidValue("size", "Invalid size '" + value + "': the aspect ratio must be between 1:"
                    + (int) rules.maxAspectRatio() + " and " + (int) rules.maxAspectRatio() + ":1.");
        }
        if (Math.max(width, height) > rules.maxEdge() || (long) width * height > rules.maxPixels()) {
            throw Errors.invalidValue("size", "Invalid size '" + value + "': larger than the maximum supported"
                    + " resolution (" + rules.maxEdge() + " pixels per edge, " + rules.maxPixels() + " pixels).");
        }
        return Optional.of(new Size(width, height));
    }

    private static String choice(EditForm form, String param, List<String> allowed, String fallback) {
        return form.field(param).map(v -> check(param, v, allowed)).orElse(fallback);
    }

    private static String check(String param, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw Errors.invalidValue(param, value, allowed);
        }
        return value;
    }

    private static int integer(EditForm form, String param, int fallback, int min, int max) {
        Optional<String> raw = form.field(param);
        if (raw.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw.get().trim());
        } catch (NumberFormatException e) {
            throw Errors.notAnInteger(param, raw.get());
        }
        if (value < min) {
            throw Errors.belowMin(param, min, value);
        }
        if (value > max) {
            throw Errors.aboveMax(param, max, value);
        }
        return (int) value;
    }
}
