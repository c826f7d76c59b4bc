package dev.overtime.simulator.error;

/** OpenAI's error envelope: {@code {"error":{"message","type","param","code"}}}. */
public record ErrorResponse(Body error) {

    public record Body(String message, String type, String param, String code) {
    }
}
