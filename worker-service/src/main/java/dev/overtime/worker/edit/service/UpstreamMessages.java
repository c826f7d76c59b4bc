package dev.overtime.worker.edit.service;

import java.util.regex.Pattern;

/** Makes an upstream error message safe to store and show: no key fragments, bounded length. */
final class UpstreamMessages {

    static final int MAX_LENGTH = 1000;
    // OpenAI echoes a masked form of a rejected key ("sk-abc***xyz"); even a fragment does not belong in our rows.
    private static final Pattern API_KEY = Pattern.compile("\\bsk-[A-Za-z0-9_*\\-]+");

    private UpstreamMessages() {
    }

    static String safe(String message) {
        if (message == null || message.isBlank()) {
            return "the upstream gave no message";
        }
        String redacted = API_KEY.matcher(message).replaceAll("sk-***");
        return redacted.length() <= MAX_LENGTH ? redacted : redacted.substring(0, MAX_LENGTH);
    }
}
