package dev.overtime.api.moderation.client;

/** OpenAI's moderation request: one text input. */
record ModerationRequest(String model, String input) {
}
