package dev.overtime.simulator.error;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds the errors OpenAI answers with, worded the way OpenAI words them. */
public final class Errors {

    private Errors() {
    }

    public static OpenAiException missingApiKey() {
        return new OpenAiException(401, "invalid_request_error", ErrorCode.INVALID_API_KEY, null,
                "You didn't provide an API key. You need to provide your API key in an Authorization header"
                        + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
                Map.of());
    }

    public static OpenAiException wrongApiKey(String key) {
        return new OpenAiException(401, "invalid_request_error", ErrorCode.INVALID_API_KEY, null,
                "Incorrect API key provided: " + redact(key) + ".", Map.of());
    }

    public static OpenAiException missing(String param) {
        return OpenAiException.invalidRequest(ErrorCode.MISSING_REQUIRED_PARAMETER, param,
                "Missing required parameter: '" + param + "'.");
    }

    public static OpenAiException invalidValue(String param, String value, List<String> supported) {
        String choices = supported.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
        return OpenAiException.invalidRequest(ErrorCode.INVALID_VALUE, param,
                "Invalid value: '" + value + "'. Supported values are: " + choices + ".");
    }

    public static OpenAiException invalidValue(String param, String message) {
        return OpenAiException.invalidRequest(ErrorCode.INVALID_VALUE, param, message);
    }

    public static OpenAiException notAnInteger(String param, String value) {
        return OpenAiException.invalidRequest(ErrorCode.INVALID_TYPE, param,
                "Invalid type for '" + param + "': expected an integer, but got a string instead ('" + value + "').");
    }

    public static OpenAiException belowMin(String param, long min, long got) {
        return OpenAiException.invalidRequest(ErrorCode.INTEGER_BELOW_MIN_VALUE, param, "Invalid '" + param
                + "': integer below minimum value. Expected a value >= " + min + ", but got " + got + " instead.");
    }

    public static OpenAiException aboveMax(String param, long max, long got) {
        return OpenAiException.invalidRequest(ErrorCode.INTEGER_ABOVE_MAX_VALUE, param, "Invalid '" + param
                + "': integer above maximum value. Expected a value <= " + max + ", but got " + got + " instead.");
    }

    public static OpenAiException tooLong(String param, int max, int got) {
        return OpenAiException.invalidRequest(ErrorCode.STRING_ABOVE_MAX_LENGTH, param, "Invalid '" + param
                + "': string too long. Expected a string with maximum length " + max + ", but got a string with length "
                + got + " instead.");
    }

    public static OpenAiException tooMany(String param, int max, int got) {
        return OpenAiException.invalidRequest(ErrorCode.ARRAY_ABOVE_MAX_LENGTH, param, "Invalid '" + param
                + "': array too long. Expected an array with maximum length " + max + ", but got an array with length "
                + got + " instead.");
    }

    public static OpenAiException unsupported(String param, String message) {
        return OpenAiException.invalidRequest(ErrorCode.UNSUPPORTED_PARAMETER, param, message);
    }

    public static OpenAiException invalidImage(String param, String message) {
        return OpenAiException.invalidRequest(ErrorCode.INVALID_IMAGE_FILE, param, message);
    }

    public static OpenAiException imageTooLarge(String param, long max) {
        return OpenAiException.invalidRequest(ErrorCode.IMAGE_FILE_TOO_LARGE, param,
                "Invalid file '" + param + "': file is larger than the maximum of " + max + " bytes.");
    }

    public static OpenAiException invalidMask(String message) {
        return OpenAiException.invalidRequest(ErrorCode.INVALID_MASK_IMAGE, "mask", message);
    }

    public static OpenAiException invalidJson() {
        return OpenAiException.invalidRequest(ErrorCode.INVALID_JSON, null,
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your"
                        + " HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not"
                        + " valid JSON.)");
    }

    public static OpenAiException rateLimited(String model, long retryAfterMillis) {
        String seconds = String.format(java.util.Locale.ROOT, "%.3f", retryAfterMillis / 1000.0);
        return new OpenAiException(429, "requests", ErrorCode.RATE_LIMIT_EXCEEDED, null,
                "Rate limit reached for " + model + " in organization org-simulator on requests per min (RPM)."
                        + " Please try again in " + seconds + "s.",
                Map.of("retry-after", Long.toString(Math.max(1, (retryAfterMillis + 999) / 1000)),
                        "retry-after-ms", Long.toString(retryAfterMillis),
                        "x-ratelimit-remaining-requests", "0"));
    }

    public static OpenAiException insufficientQuota() {
        return new OpenAiException(429, "insufficient_quota", ErrorCode.INSUFFICIENT_QUOTA, null,
                "You exceeded your current quota, please check your plan and billing details.", Map.of());
    }

    public static OpenAiException serverError() {
        return new OpenAiException(500, "server_error", ErrorCode.SERVER_ERROR, null,
                "The server had an error while processing your request. Sorry about that!", Map.of());
    }

    /** {@code stage}: {@code input} when the prompt or images were refused, {@code output} for the rendered image. */
    public static OpenAiException moderationBlocked(String stage, List<String> categories) {
        return new OpenAiException(400, "image_generation_user_error", ErrorCode.MODERATION_BLOCKED, null,
                "Your request was rejected as a result of our safety system. Your request may contain content that"
                        + " is not allowed by our safety system.",
                Map.of(), new ErrorResponse.ModerationDetails(stage, List.copyOf(categories)));
    }

    public static OpenAiException hungTooLong() {
        return new OpenAiException(504, "server_error", ErrorCode.TIMEOUT, null,
                "The server did not finish processing your request in time.", Map.of());
    }

    private static String redact(String key) {
        return key.length() <= 8 ? "sk-***" : key.substring(0, 3) + "***" + key.substring(key.length() - 4);
    }
}
