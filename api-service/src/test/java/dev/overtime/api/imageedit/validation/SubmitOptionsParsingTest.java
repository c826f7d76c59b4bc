package dev.overtime.api.imageedit.validation;

import dev.overtime.api.error.ApiException;
import dev.overtime.api.push.webhook.WebhookUrlPolicy;
import dev.overtime.common.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Overtime's own form fields (deadline, reuse, partial_images, webhook) and the part limit, with plain values. */
class SubmitOptionsParsingTest {

    private static final int MAX_PARTS = 64;
    // The production policy; literal addresses, so no test depends on DNS.
    private static final WebhookRequestCheck WEBHOOKS = new WebhookUrlPolicy(Form.config());

    private static SubmitOptions extract(Form form) {
        return SubmitOptions.extract(form.parts(), MAX_PARTS, WEBHOOKS);
    }

    static Stream<Arguments> refusals() {
        Form manyParts = Form.of();
        for (int i = 0; i < MAX_PARTS + 1; i++) {
            manyParts.text("junk" + i, "x");
        }
        return Stream.of(
                arguments("deadline that is not a number", Form.of().text("deadline", "soon"), ErrorCode.INVALID_PARAMETER, "deadline"),
                arguments("deadline of zero", Form.of().text("deadline", "0"), ErrorCode.INVALID_PARAMETER, "deadline"),
                arguments("deadline beyond a week", Form.of().text("deadline", "604801"), ErrorCode.INVALID_PARAMETER, "deadline"),
                arguments("deadline sent twice", Form.of().text("deadline", "30").text("deadline", "30"),
                        ErrorCode.INVALID_PARAMETER, "deadline"),
                arguments("deadline sent as a file", Form.of().file("deadline", "d.txt", new byte[]{'3'}),
                        ErrorCode.INVALID_PARAMETER, "deadline"),
                arguments("reuse that is not a boolean", Form.of().text("reuse", "yes"), ErrorCode.INVALID_PARAMETER, "reuse"),
                arguments("reuse sent twice", Form.of().text("reuse", "true").text("reuse", "true"), ErrorCode.INVALID_PARAMETER, "reuse"),
                arguments("partial_images above 3", Form.of().text("partial_images", "4"), ErrorCode.INVALID_PARAMETER, "partial_images"),
                arguments("negative partial_images", Form.of().text("partial_images", "-1"), ErrorCode.INVALID_PARAMETER, "partial_images"),
                arguments("partial_images sent twice", Form.of().text("partial_images", "1").text("partial_images", "1"),
                        ErrorCode.INVALID_PARAMETER, "partial_images"),
                arguments("webhook sent as a file", Form.of().file("webhook", "w.txt", new byte[]{'x'}), ErrorCode.INVALID_PARAMETER, "webhook"),
                arguments("webhook_events without a webhook", Form.of().text("webhook_events", "started"),
                        ErrorCode.INVALID_PARAMETER, "webhook_events"),
                arguments("webhook to a loopback address", Form.of().text("webhook", "https://127.0.0.1/hook"),
                        ErrorCode.INVALID_PARAMETER, "webhook"),
                arguments("webhook to a private address", Form.of().text("webhook", "https://10.1.2.3/hook"),
                        ErrorCode.INVALID_PARAMETER, "webhook"),
                arguments("webhook over plain http", Form.of().text("webhook", "http://93.184.216.34/hook"),
                        ErrorCode.INVALID_PARAMETER, "webhook"),
                arguments("webhook that is not http", Form.of().text("webhook", "ftp://93.184.216.34/hook"),
                        ErrorCode.INVALID_PARAMETER, "webhook"),
                arguments("unknown webhook event", Form.of().text("webhook", "https://93.184.216.34/hook").text("webhook_events", "exploded"),
                        ErrorCode.INVALID_PARAMETER, "webhook_events"),
                arguments("more parts than the limit", manyParts, ErrorCode.TOO_MANY_PARTS, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesWithItsOwnCodeAndParam(String why, Form form, ErrorCode code, String param) {
        ApiException refused = assertThrows(ApiException.class, () -> extract(form));
        assertEquals(code, refused.code(), why);
        assertEquals(param, refused.param(), why);
    }

    @Test
    void readsEveryOptionAndLeavesOpenAisFieldsForTheValidator() {
        SubmitOptions options = extract(Form.of().text("prompt", "blue").text("deadline", " 30 ").text("reuse", "TRUE")
                .text("partial_images", "2").text("webhook", "https://93.184.216.34/hook")
                .text("webhook_events", "started, completed").file("image", "photo.png", new byte[]{1}));

        assertEquals(30, options.deadlineSeconds());
        assertTrue(options.reuse());
        assertEquals(2, options.partialImages());
        assertEquals("https://93.184.216.34/hook", options.webhook().url());
        assertEquals(Set.of("started", "succeeded", "failed", "canceled"), options.webhook().events());
        assertEquals(Set.of("prompt", "image"), Set.copyOf(options.openAiParts().stream().map(FormPart::name).toList()));
    }

    @Test
    void absentOptionsMeanNoDeadlineNoReuseNoPreviewsAndNoWebhook() {
        SubmitOptions options = extract(Form.of().text("prompt", "blue"));
        assertNull(options.deadlineSeconds());
        assertFalse(options.reuse());
        assertEquals(0, options.partialImages());
        assertNull(options.webhook());
    }

    @Test
    void deadlineAndReuseDoNotCountTowardThePartLimit() {
        Form form = Form.of().text("deadline", "30").text("reuse", "false");
        for (int i = 0; i < MAX_PARTS; i++) {
            form.text("junk" + i, "x");
        }
        assertEquals(MAX_PARTS, extract(form).openAiParts().size());
    }
}
