package dev.overtime.api.imageedit.validation;

/** Validates the {@code webhook} and {@code webhook_events} fields; implemented by the webhook feature. */
public interface WebhookRequestCheck {

    /** Null when no webhook was asked for; throws {@code ApiException} when the fields are not acceptable. */
    WebhookRequest check(String url, String events);
}
