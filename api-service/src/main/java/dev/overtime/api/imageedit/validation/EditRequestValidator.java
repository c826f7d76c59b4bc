package dev.overtime.api.imageedit.validation;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.config.ModelCapabilities;
import dev.overtime.api.error.ApiException;
import dev.overtime.api.models.ModelChoice;
import dev.overtime.api.models.ModelRetirements;
import dev.overtime.common.ErrorCode;
import dev.overtime.imageformat.ImageFormat;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.time.Duration;
import java.time.Instant;

/**
 * Turns OpenAI's fields of a {@code POST /v1/image-edits} into an {@link EditRequest}, or refuses it
 * with the specific code for the first thing wrong. Checks run cheapest first, so a request with
 * a bad prompt is refused before any image is decoded.
 */
@ApplicationScoped
public class EditRequestValidator {

    private static final Set<String> TEXT_FIELDS = Set.of("prompt", "model", "n", "size", "quality", "background",
            "output_format", "output_compression", "input_fidelity", "user");
    private static final Set<String> IMAGE_FIELDS = Set.of("image", "image[]");
    private static final String MASK = "mask";
    private static final Set<String> IMAGE_URL_FIELDS = Set.of(ImageUrls.IMAGE_URL, ImageUrls.IMAGE_URL + "[]");
    private static final int MAX_USER_LENGTH = 256;
    // How long a request waits for its share of the decode budget before it is answered 503 OVERLOADED.
    private static final Duration DECODE_WAIT = Duration.ofSeconds(5);

    private final ApiConfig config;
    private final ModelRetirements retirements;
    private final ImageInspector inspector;

    public EditRequestValidator(ApiConfig config, ModelRetirements retirements) {
        this.config = config;
        this.retirements = retirements;
        ApiConfig.Uploads uploads = config.uploads();
        this.inspector = new ImageInspector(new ImageInspector.Limits(uploads.maxPixels(),
                uploads.unguardedDecodedBytes(), uploads.maxInflateRatio()),
                new DecodeBudget(uploads.decodeBudgetBytes(), DECODE_WAIT));
    }

    /** {@code parts}: OpenAI's fields only, as {@link SubmitOptions#openAiParts()} leaves them. */
    public EditRequest validate(List<? extends FormPart> parts) {
        Map<String, String> fields = new HashMap<>();
        List<FormPart> imageParts = new ArrayList<>();
        List<String> imageUrls = new ArrayList<>();
        FormPart maskPart = null;
        String maskUrl = null;
        for (FormPart part : parts) {
            String name = part.name();
            if (IMAGE_FIELDS.contains(name)) {
                imageParts.add(part);
            } else if (IMAGE_URL_FIELDS.contains(name)) {
                imageUrls.add(ImageUrls.check(part, ImageUrls.IMAGE_URL));
            } else if (MASK.equals(name) || ImageUrls.MASK_URL.equals(name)) {
                if (maskPart != null || maskUrl != null) {
                    throw invalid("Send at most one mask (a file as 'mask' or a URL as 'mask_url').", name);
                }
                if (MASK.equals(name)) {
                    maskPart = part;
                } else {
                    maskUrl = ImageUrls.check(part, ImageUrls.MASK_URL);
                }
            } else if (TEXT_FIELDS.contains(name)) {
                if (part.isFile()) {
                    throw invalid(name + " must be a text field, not a file.", name);
                }
                if (fields.put(name, part.text()) != null) {
                    throw invalid(name + " was sent more than once.", name);
                }
            } else {
                throw invalid("Unknown field '" + abbreviate(name) + "'.", abbreviate(name));
            }
        }

        String prompt = fields.get("prompt");
        if (prompt == null || prompt.isBlank()) {
            throw new ApiException(ErrorCode.PROMPT_REQUIRED, "prompt is required.", "prompt");
        }
        // The default model retires like any other: a request naming none follows its substitution too.
        ModelChoice choice = retirements.resolve(orDefault(fields.get("model"), config.defaultModel()), Instant.now());
        // Checked against the model it will run on: a substitute's own limits apply.
        String model = choice.model();
        ModelCapabilities caps = config.models().get(model);
        if (caps == null) {
            throw new ApiException(ErrorCode.UNKNOWN_MODEL, "Unknown model '" + abbreviate(model) + "'. Known: "
                    + String.join(", ", config.models().keySet().stream().sorted().toList()) + ".", "model");
        }
        int promptLength = prompt.codePointCount(0, prompt.length());
        if (promptLength > caps.maxPromptLength()) {
            throw new ApiException(ErrorCode.PROMPT_TOO_LONG, "prompt has " + promptLength + " characters; "
                    + model + " accepts at most " + caps.maxPromptLength() + ".", "prompt");
        }
        int n = intField(fields, "n", 1, 1, caps.maxN());
        String size = checkSize(orDefault(fields.get("size"), "auto"), model, caps);
        String quality = oneOf(fields, "quality", caps.qualities());
        String outputFormat = oneOf(fields, "output_format", caps.outputFormats());
        String background = oneOf(fields, "background", caps.backgrounds());
        if ("transparent".equals(background) && "jpeg".equals(outputFormat)) {
            throw invalid("A transparent background needs output_format png or webp.", "background");
        }
        Integer compression = null;
        if (fields.containsKey("output_compression")) {
            if (outputFormat == null || "png".equals(outputFormat)) {
                throw invalid("output_compression applies to jpeg or webp output only.", "output_compression");
            }
            compression = intField(fields, "output_compression", 100, 0, 100);
        }
        String fidelity = oneOf(fields, "input_fidelity", caps.inputFidelities());
        String user = fields.get("user");
        if (user != null && (user.isBlank() || user.length() > MAX_USER_LENGTH)) {
            throw invalid("user must be 1-" + MAX_USER_LENGTH + " characters.", "user");
        }

        if (imageParts.isEmpty() && imageUrls.isEmpty()) {
            throw new ApiException(ErrorCode.IMAGE_REQUIRED, "Send the image to edit as 'image' (or several as "
                    + "'image[]'), or its URL as 'image_url'.", "image");
        }
        if (!imageParts.isEmpty() && !imageUrls.isEmpty()) {
            // Positions would depend on how files and URLs interleave in the form; one kind keeps them obvious.
            throw invalid("Send the images either as files or as URLs, not both.", ImageUrls.IMAGE_URL);
        }
        int imageCount = imageParts.size() + imageUrls.size();
        if (imageCount > caps.maxImages()) {
            throw new ApiException(ErrorCode.TOO_MANY_IMAGES, model + " accepts at most " + caps.maxImages()
                    + " images; got " + imageCount + ".", imageParts.isEmpty() ? ImageUrls.IMAGE_URL : "image");
        }
        List<UploadedImage> images = new ArrayList<>(imageParts.size());
        for (FormPart part : imageParts) {
            images.add(readImage(part, config.uploads().maxImageBytes()));
        }
        // A mask fetched later, or one beside fetched images, is checked by the worker once it has the bytes.
        UploadedImage mask = maskPart == null ? null : readMask(maskPart, images.isEmpty() ? null : images.getFirst());
        return new EditRequest(model, prompt, n, size, quality, background, outputFormat, compression, fidelity,
                user, images, mask, imageUrls, maskUrl, choice.substitutedFrom());
    }

    private UploadedImage readImage(FormPart part, long limit) {
        String param = part.name();
        if (!part.isFile()) {
            throw new ApiException(ErrorCode.INVALID_IMAGE, param + " must be a file upload.", param);
        }
        checkWithin(part, limit, param);
        InspectedImage inspected = withParam(param, () -> inspector.inspect(part.path()))
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_IMAGE,
                        "'" + abbreviate(part.filename()) + "' is not a PNG, JPEG or WebP image we can read.", param));
        return uploaded(part, inspected);
    }

    private UploadedImage readMask(FormPart part, UploadedImage first) {
        if (!part.isFile()) {
            throw new ApiException(ErrorCode.INVALID_MASK, "mask must be a file upload.", MASK);
        }
        checkWithin(part, config.uploads().maxMaskBytes(), MASK);
        InspectedImage inspected = withParam(MASK, () -> inspector.inspectMask(part.path()))
                .filter(image -> image.format() == ImageFormat.PNG)
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_MASK, "mask must be a PNG image.", MASK));
        if (!inspected.hasAlphaChannel()) {
            throw new ApiException(ErrorCode.MASK_WITHOUT_ALPHA,
                    "mask has no alpha channel; its fully transparent pixels mark the area to edit.", MASK);
        }
        if (!inspected.hasTransparentPixel()) {
            throw new ApiException(ErrorCode.MASK_WITHOUT_ALPHA,
                    "mask has no fully transparent pixel, so nothing would be edited.", MASK);
        }
        if (first == null) {
            return uploaded(part, inspected);
        }
        InspectedImage image = first.inspected();
        if (inspected.width() != image.width() || inspected.height() != image.height()) {
            throw new ApiException(ErrorCode.MASK_SIZE_MISMATCH, "mask is " + inspected.width() + "x" + inspected.height()
                    + " but the image is " + image.width() + "x" + image.height() + ".", MASK);
        }
        return uploaded(part, inspected);
    }

    // The file stays where the HTTP layer spooled it; only its digest is computed here, streaming.
    private static UploadedImage uploaded(FormPart part, InspectedImage inspected) {
        try {
            return new UploadedImage(UploadFilenames.sanitise(part.filename()), part.path(), part.size(),
                    Sha256.of(part.path()), inspected);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read an uploaded part", e);
        }
    }

    private static <T> T withParam(String param, Supplier<T> check) {
        try {
            return check.get();
        } catch (ApiException e) {
            throw e.param() == null ? new ApiException(e.code(), e.getMessage(), param) : e;
        }
    }

    private static void checkWithin(FormPart part, long limit, String param) {
        try {
            if (part.size() > limit) {
                throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                        "'" + abbreviate(part.filename()) + "' is larger than " + limit + " bytes.", param);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read an uploaded part", e);
        }
    }

    private String checkSize(String size, String model, ModelCapabilities caps) {
        if (caps.sizes().contains(size)) {
            return size;
        }
        if (caps.freeSizes().isPresent()) {
            String why = FreeSizeRule.violation(size, caps.freeSizes().get());
            if (why == null) {
                return size;
            }
            throw new ApiException(ErrorCode.INVALID_SIZE, "Size '" + abbreviate(size) + "' is not valid for " + model + ": " + why + ".", "size");
        }
        throw new ApiException(ErrorCode.INVALID_SIZE, "Size '" + abbreviate(size) + "' is not valid for " + model
                + ". Use one of: " + String.join(", ", caps.sizes()) + ".", "size");
    }

    private static String oneOf(Map<String, String> fields, String name, List<String> allowed) {
        String value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw invalid(name + " must be one of: " + String.join(", ", allowed) + ".", name);
        }
        return value;
    }

    private static int intField(Map<String, String> fields, String name, int fallback, int min, int max) {
        String value = fields.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // answered below with the same message as an out-of-range number
        }
        throw invalid(name + " must be an integer from " + min + " to " + max + ".", name);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static ApiException invalid(String message, String param) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message, param);
    }

    // Names and values from the caller are echoed in messages; keep them short.
    private static String abbreviate(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 64 ? value : value.substring(0, 61) + "...";
    }
}
