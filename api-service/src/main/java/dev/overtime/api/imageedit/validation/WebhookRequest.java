package dev.overtime.api.imageedit.validation;

import java.util.Set;

/** A job's validated webhook: where to deliver, and which lifecycle events (started, succeeded, failed, canceled). */
public record WebhookRequest(String url, Set<String> events) {
}
