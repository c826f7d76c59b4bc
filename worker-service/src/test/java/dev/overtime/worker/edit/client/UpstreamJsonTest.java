package dev.overtime.worker.edit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.common.UpstreamModeration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UpstreamJsonTest {

    private final UpstreamJson json = new UpstreamJson(new ObjectMapper());
    private final ImageSpool spool = ImageSpool.create();

    @AfterEach
    void cleanSpool() {
        spool.close();
    }

    @Test
    void imagesAreDecodedToTheSpoolInOrderWithTheirDigestAndTheUsage() throws Exception {
        byte[] first = {1, 2, 3};
        byte[] second = {4, 5};
        String body = "{\"created\":1,\"usage\":{\"input_tokens\":50,\"output_tokens\":40,\"total_tokens\":90,"
                + "\"input_tokens_details\":{\"text_tokens\":12,\"image_tokens\":38}},"
                + "\"data\":[{\"revised_prompt\":\"x\",\"b64_json\":\"" + b64(first) + "\"},{\"b64_json\":\""
                + b64(second) + "\"}],\"output_format\":\"png\"}";

        UpstreamJson.Images images = json.readImages(stream(body), spool);

        assertEquals(2, images.images().size());
        assertArrayEquals(first, Files.readAllBytes(images.images().get(0).file()));
        assertArrayEquals(second, Files.readAllBytes(images.images().get(1).file()));
        assertEquals(3, images.images().get(0).sizeBytes());
        assertEquals(sha256(first), images.images().get(0).sha256Hex());
        assertEquals(new UpstreamJson.Usage(50, 40, 90, new UpstreamJson.InputDetails(12, 38)), images.usage());
    }

    @Test
    void aPhotoSizedImageStreamsToDiskByteForByte() throws Exception {
        byte[] photo = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(photo);
        InputStream body = new SequenceInputStream(stream("{\"data\":[{\"b64_json\":\""),
                new SequenceInputStream(new ByteArrayInputStream(Base64.getEncoder().encode(photo)), stream("\"}]}")));

        UpstreamJson.Images images = json.readImages(body, spool);

        assertEquals(photo.length, images.images().getFirst().sizeBytes());
        assertEquals(sha256(photo), images.images().getFirst().sha256Hex());
    }

    @Test
    void anAnswerWithoutImagesOrWithoutB64JsonIsMalformed() {
        assertEquals("the upstream returned no images",
                assertThrows(UpstreamJson.MalformedAnswer.class, () -> json.readImages(stream("{\"data\":[]}"), spool))
                        .getMessage());
        assertEquals("the upstream returned an image without b64_json",
                assertThrows(UpstreamJson.MalformedAnswer.class,
                        () -> json.readImages(stream("{\"data\":[{\"url\":\"https://x\"}]}"), spool)).getMessage());
    }

    @Test
    void brokenBase64IsAParseErrorAndLeavesNoFile() throws IOException {
        assertThrows(IOException.class, () -> json.readImages(stream("{\"data\":[{\"b64_json\":\"!!!\"}]}"), spool));
        assertFalse(Files.list(spool.directory()).findAny().isPresent());
    }

    @Test
    void streamEventsCarryTheirImageIndexUsageAndErrors() throws Exception {
        UpstreamJson.StreamEvent partial = json.readEvent(stream("{\"b64_json\":\"" + b64(new byte[] {9}) + "\","
                + "\"type\":\"image_edit.partial_image\",\"partial_image_index\":1}"), spool);
        assertEquals(UpstreamJson.PARTIAL_IMAGE, partial.type());
        assertEquals(1, partial.partialImageIndex());
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(partial.image().file()));

        UpstreamJson.StreamEvent error = json.readEvent(stream("{\"type\":\"error\",\"error\":{\"message\":\"bad\","
                + "\"code\":\"moderation_blocked\"}}"), spool);
        assertNull(error.image());
        assertEquals("moderation_blocked", error.asError().code());

        UpstreamJson.StreamEvent flat = json.readEvent(stream("{\"type\":\"error\",\"message\":\"flat\",\"code\":\"c\"}"),
                spool);
        assertEquals(new OpenAiError("flat", null, null, "c"), flat.asError());
    }

    @Test
    void aStreamedRefusalKeepsItsModerationDetailsWhereverTheyWere() throws Exception {
        String details = "\"moderation_details\":{\"moderation_stage\":\"output\",\"categories\":[\"sexual\"]}";
        UpstreamModeration expected = new UpstreamModeration("output", List.of("sexual"));

        UpstreamJson.StreamEvent enveloped = json.readEvent(stream("{\"type\":\"error\",\"error\":{\"message\":"
                + "\"no\",\"code\":\"moderation_blocked\"," + details + "}}"), spool);
        UpstreamJson.StreamEvent flat = json.readEvent(stream("{\"type\":\"error\",\"message\":\"no\","
                + "\"code\":\"moderation_blocked\"," + details + "}"), spool);

        assertEquals(Optional.of(expected), enveloped.asError().moderation());
        assertEquals(Optional.of(expected), flat.asError().moderation());
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
