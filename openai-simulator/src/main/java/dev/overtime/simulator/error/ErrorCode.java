package dev.overtime.simulator.error;

/** The machine-readable {@code error.code} values the simulator answers with, as OpenAI spells them. */
public enum ErrorCode {
    INVALID_API_KEY("invalid_api_key"),
    MISSING_REQUIRED_PARAMETER("missing_required_parameter"),
    INVALID_VALUE("invalid_value"),
    INVALID_TYPE("invalid_type"),
    INTEGER_BELOW_MIN_VALUE("integer_below_min_value"),
    INTEGER_ABOVE_MAX_VALUE("integer_above_max_value"),
    STRING_ABOVE_MAX_LENGTH("string_above_max_length"),
    ARRAY_ABOVE_MAX_LENGTH("array_above_max_length"),
    INVALID_IMAGE_FILE("invalid_image_file"),
    IMAGE_FILE_TOO_LARGE("image_file_too_large"),
    INVALID_MASK_IMAGE("invalid_mask_image"),
    UNSUPPORTED_PARAMETER("unsupported_parameter"),
    RATE_LIMIT_EXCEEDED("rate_limit_exceeded"),
    INSUFFICIENT_QUOTA("insufficient_quota"),
    MODERATION_BLOCKED("moderation_blocked"),
    SERVER_ERROR("server_error"),
    TIMEOUT("timeout"),
    INVALID_JSON("invalid_json");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
