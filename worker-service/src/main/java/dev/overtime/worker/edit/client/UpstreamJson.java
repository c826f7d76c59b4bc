package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads OpenAI's image answers token by token: an {@code ImagesResponse} body, or one streamed event. Every
 * {@code b64_json} is decoded straight from the parser into the call's {@link ImageSpool}, never materialised as a
 * {@code String} or {@code byte[]}; the rest of each object is small and read as usual. Field order is not assumed.
 */
final class UpstreamJson {

    static final String PARTIAL_IMAGE = "image_edit.partial_image";
    static final String COMPLETED = "image_edit.completed";
    static final String ERROR = "error";

    private final ObjectMapper json;

    UpstreamJson(ObjectMapper json) {
        this.json = json;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(@JsonProperty("input_tokens") long inputTokens,
                 @JsonProperty("output_tokens") long outputTokens,
                 @JsonProperty("total_tokens") long totalTokens,
                 @JsonProperty("input_tokens_details") InputDetails inputDetails) {
    }

    /** The split of {@code input_tokens} that is priced apart; absent from some answers (then null). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record InputDetails(@JsonProperty("text_tokens") long textTokens,
                        @JsonProperty("image_tokens") long imageTokens) {
    }

    /** A 200 answer: the images in {@code data[]} order, and the usage if given. */
    record Images(List<SpooledImage> images, Usage usage) {
    }

    /**
     * One streamed event: {@code image_edit.partial_image}, {@code image_edit.completed}, or an {@code error} event
     * (OpenAI's envelope or the error's own fields); {@code image} is null when the event carried none.
     */
    record StreamEvent(String type, SpooledImage image, Integer partialImageIndex, Usage usage, OpenAiError error,
                       String message, String code, String param, JsonNode moderationDetails) {

        /** The error this event reports, wherever the upstream put it. */
        OpenAiError asError() {
            if (error != null) {
                return error;
            }
            String text = message == null ? "the upstream reported an error in the stream" : message;
            return new OpenAiError(text, ERROR.equals(type) ? null : type, param, code, moderationDetails);
        }
    }

    /** The answer was JSON, but not the shape OpenAI documents. */
    static final class MalformedAnswer extends IOException {
        MalformedAnswer(String message) {
            super(message);
        }
    }

    Images readImages(InputStream body, ImageSpool spool) throws IOException {
        try (JsonParser parser = json.createParser(body)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            List<SpooledImage> images = new ArrayList<>();
            Usage usage = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("data") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() == JsonToken.START_OBJECT) {
                        images.add(readImage(parser, spool));
                    }
                } else if (field.equals("usage") && value == JsonToken.START_OBJECT) {
                    usage = parser.readValueAs(Usage.class);
                } else {
                    parser.skipChildren();
                }
            }
            if (images.isEmpty()) {
                throw new MalformedAnswer("the upstream returned no images");
            }
            return new Images(images, usage);
        }
    }

    private static SpooledImage readImage(JsonParser parser, ImageSpool spool) throws IOException {
        SpooledImage image = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if (field.equals("b64_json") && value == JsonToken.VALUE_STRING) {
                image = decode(parser, spool);
            } else {
                parser.skipChildren();
            }
        }
        if (image == null) {
            throw new MalformedAnswer("the upstream returned an image without b64_json");
        }
        return image;
    }

    // Jackson reports broken base64 as an IllegalArgumentException; to us it is one more malformed answer.
    private static SpooledImage decode(JsonParser parser, ImageSpool spool) throws IOException {
        try {
            return spool.write(parser::readBinaryValue);
        } catch (IllegalArgumentException e) {
            throw new MalformedAnswer("the upstream returned an image that is not valid base64");
        }
    }

    StreamEvent readEvent(InputStream data, ImageSpool spool) throws IOException {
        try (JsonParser parser = json.createParser(data)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            String type = null;
            SpooledImage image = null;
            Integer index = null;
            Usage usage = null;
            OpenAiError error = null;
            String message = null;
            String code = null;
            String param = null;
            JsonNode moderationDetails = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "type" -> type = text(parser, value);
                    case "b64_json" -> {
                        if (value == JsonToken.VALUE_STRING) {
                            image = decode(parser, spool);
                        }
                    }
                    case "partial_image_index" ->
                            index = value == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : null;
                    case "usage" -> usage = value == JsonToken.START_OBJECT ? parser.readValueAs(Usage.class) : null;
                    case "error" -> error = value == JsonToken.START_OBJECT ? parser.readValueAs(OpenAiError.class)
                            : null;
                    case "message" -> message = text(parser, value);
                    case "code" -> code = text(parser, value);
                    case "param" -> param = text(parser, value);
                    case "moderation_details" -> moderationDetails = parser.readValueAsTree();
                    default -> parser.skipChildren();
                }
            }
            return new StreamEvent(type, image, index, usage, error, message, code, param, moderationDetails);
        }
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return parser.getText();
        }
        parser.skipChildren();
        return null;
    }

    private static void expect(JsonToken actual, JsonToken expected) throws MalformedAnswer {
        if (actual != expected) {
            throw new MalformedAnswer("the upstream answered " + actual + " where " + expected + " was expected");
        }
    }
}
