package dev.overtime.api.imageedit.validation;

import dev.overtime.api.error.ApiException;
import dev.overtime.api.support.TestImages;
import dev.overtime.common.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** OpenAI's rules for an image edit, each refused with its own code and param, with plain values and no HTTP. */
class EditRequestValidatorTest {

    private static final byte[] PHOTO = TestImages.photo(64, 64);
    private static final byte[] MASK = TestImages.mask(64, 64);

    private final EditRequestValidator validator = Form.validator(Form.config());

    /** A valid edit, to which each case adds the one thing wrong. */
    private static Form edit() {
        return Form.of().file("image", "photo.png", PHOTO).text("prompt", "make it blue");
    }

    static Stream<Arguments> refusals() {
        Form seventeen = Form.of().text("prompt", "blue");
        for (int i = 0; i < 17; i++) {
            seventeen.file("image[]", "photo" + i + ".png", PHOTO);
        }
        return Stream.of(
                arguments("text file named .png", Form.of().file("image", "photo.png", "definitely not an image".getBytes())
                        .text("prompt", "make it blue"), ErrorCode.INVALID_IMAGE, "image"),
                arguments("truncated PNG", Form.of().file("image", "photo.png", Arrays.copyOf(PHOTO, 40))
                        .text("prompt", "make it blue"), ErrorCode.INVALID_IMAGE, "image"),
                arguments("image sent as a text field", Form.of().text("image", "photo").text("prompt", "blue"),
                        ErrorCode.INVALID_IMAGE, "image"),
                arguments("image above 50 MB", Form.of().file("image", "huge.png", Arrays.copyOf(PHOTO, 50_000_001))
                        .text("prompt", "blue"), ErrorCode.PAYLOAD_TOO_LARGE, "image"),
                arguments("mask of another size", edit().file("mask", "mask.png", TestImages.mask(32, 32)),
                        ErrorCode.MASK_SIZE_MISMATCH, "mask"),
                arguments("mask without alpha channel", edit().file("mask", "mask.png", TestImages.photo(64, 64)),
                        ErrorCode.MASK_WITHOUT_ALPHA, "mask"),
                arguments("mask with no transparent pixel", edit().file("mask", "mask.png", TestImages.opaqueRgba(64, 64)),
                        ErrorCode.MASK_WITHOUT_ALPHA, "mask"),
                arguments("JPEG mask", edit().file("mask", "mask.png", TestImages.jpeg(64, 64)), ErrorCode.INVALID_MASK, "mask"),
                arguments("mask sent as a text field", edit().text("mask", "m"), ErrorCode.INVALID_MASK, "mask"),
                arguments("two masks", edit().file("mask", "a.png", MASK).file("mask", "b.png", MASK),
                        ErrorCode.INVALID_PARAMETER, "mask"),
                arguments("missing prompt", Form.of().file("image", "photo.png", PHOTO), ErrorCode.PROMPT_REQUIRED, "prompt"),
                arguments("blank prompt", Form.of().file("image", "photo.png", PHOTO).text("prompt", "   "),
                        ErrorCode.PROMPT_REQUIRED, "prompt"),
                arguments("40,000-character prompt", Form.of().file("image", "photo.png", PHOTO).text("prompt", "a".repeat(40_000)),
                        ErrorCode.PROMPT_TOO_LONG, "prompt"),
                arguments("prompt sent twice", edit().text("prompt", "again"), ErrorCode.INVALID_PARAMETER, "prompt"),
                arguments("prompt sent as a file", Form.of().file("image", "photo.png", PHOTO).file("prompt", "p.txt", new byte[]{'x'}),
                        ErrorCode.INVALID_PARAMETER, "prompt"),
                arguments("unknown model", edit().text("model", "gpt-imagine-9"), ErrorCode.UNKNOWN_MODEL, "model"),
                arguments("retired model", edit().text("model", "dall-e-2"), ErrorCode.UNKNOWN_MODEL, "model"),
                arguments("unknown fixed size", edit().text("size", "999x999"), ErrorCode.INVALID_SIZE, "size"),
                arguments("free size breaking gpt-image-2's aspect rule", edit().text("model", "gpt-image-2").text("size", "3840x1000"),
                        ErrorCode.INVALID_SIZE, "size"),
                arguments("free size not a multiple of 16", edit().text("model", "gpt-image-2").text("size", "1000x1000"),
                        ErrorCode.INVALID_SIZE, "size"),
                arguments("free size that is not WxH", edit().text("model", "gpt-image-2").text("size", "big"),
                        ErrorCode.INVALID_SIZE, "size"),
                arguments("n above 10", edit().text("n", "11"), ErrorCode.INVALID_PARAMETER, "n"),
                arguments("n of zero", edit().text("n", "0"), ErrorCode.INVALID_PARAMETER, "n"),
                arguments("n not a number", edit().text("n", "two"), ErrorCode.INVALID_PARAMETER, "n"),
                arguments("seventeen images", seventeen, ErrorCode.TOO_MANY_IMAGES, "image"),
                arguments("missing image", Form.of().text("prompt", "blue"), ErrorCode.IMAGE_REQUIRED, "image"),
                arguments("unknown field", edit().text("temperature", "2"), ErrorCode.INVALID_PARAMETER, "temperature"),
                arguments("unknown quality", edit().text("quality", "ultra"), ErrorCode.INVALID_PARAMETER, "quality"),
                arguments("unknown output format", edit().text("output_format", "gif"), ErrorCode.INVALID_PARAMETER, "output_format"),
                arguments("transparent background with JPEG output",
                        edit().text("background", "transparent").text("output_format", "jpeg"), ErrorCode.INVALID_PARAMETER, "background"),
                arguments("output compression for PNG", edit().text("output_format", "png").text("output_compression", "50"),
                        ErrorCode.INVALID_PARAMETER, "output_compression"),
                arguments("output compression above 100", edit().text("output_format", "jpeg").text("output_compression", "101"),
                        ErrorCode.INVALID_PARAMETER, "output_compression"),
                arguments("input fidelity the model does not take", edit().text("model", "gpt-image-1-mini").text("input_fidelity", "high"),
                        ErrorCode.INVALID_PARAMETER, "input_fidelity"),
                arguments("blank user", edit().text("user", " "), ErrorCode.INVALID_PARAMETER, "user"),
                arguments("user above 256 characters", edit().text("user", "u".repeat(257)), ErrorCode.INVALID_PARAMETER, "user"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithItsOwnCodeAndParam(String why, Form form, ErrorCode code, String param) {
        ApiException refused = assertThrows(ApiException.class, () -> validator.validate(form.parts()));
        assertEquals(code, refused.code(), why);
        assertEquals(param, refused.param(), why);
    }

    @Test
    void acceptsAValidEditWithOpenAisDefaults() {
        EditRequest request = validator.validate(edit().file("mask", "mask.png", MASK).parts());
        assertEquals("gpt-image-1.5", request.model());
        assertEquals(1, request.n());
        assertEquals("auto", request.size());
        assertNull(request.outputCompression());
        assertEquals(1, request.images().size());
        assertEquals(64, request.mask().inspected().width());
    }

    @Test
    void checksARequestWithABadPromptBeforeDecodingAnyImage() {
        ApiException refused = assertThrows(ApiException.class, () -> validator.validate(Form.of()
                .file("image", "photo.png", "not an image".getBytes()).text("model", "gpt-imagine-9").text("prompt", "x").parts()));
        assertEquals(ErrorCode.UNKNOWN_MODEL, refused.code());
    }
}
