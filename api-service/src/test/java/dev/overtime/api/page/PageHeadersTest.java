package dev.overtime.api.page;

import dev.overtime.localinfra.RealInfrastructureResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page that holds an API key is served so no other origin can script it, frame it or learn its URL. */
@QuarkusTest
@WithTestResource(RealInfrastructureResource.class)
class PageHeadersTest {

    @ConfigProperty(name = "overtime.storage.endpoint")
    String storageEndpoint;

    @ParameterizedTest
    @ValueSource(strings = {"/", "/index.html"})
    void servesThePageWithAStrictPolicyAndNoFraming(String path) {
        URI store = URI.create(storageEndpoint);
        given().get(path).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/html"))
                .header("Content-Security-Policy", equalTo("default-src 'none'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self' data: blob:; base-uri 'none'; form-action 'self'; object-src 'none'; "
                        + "frame-ancestors 'none'; connect-src 'self' " + store.getScheme() + "://" + store.getRawAuthority()))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/app.js", "/app.css"})
    void servesThePagesFilesUnsniffed(String path) {
        given().get(path).then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("Content-Security-Policy", nullValue());
    }

    @Test
    void everyApiAnswerIsUnsniffedToo() {
        given().get("/v1/image-edits").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void anAnswerTheEdgeGivesBeforeReadingTheBodyIsUnsniffedToo() throws IOException {
        // A declared body past the limit is refused by the first route, before any body is read or sent.
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.getOutputStream().write(("POST /v1/image-edits HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 999999999999\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String head = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1).split("\r\n\r\n")[0];
            assertTrue(head.startsWith("HTTP/1.1 413"), head);
            assertTrue(head.toLowerCase(java.util.Locale.ROOT).contains("x-content-type-options: nosniff"), head);
        }
    }

    @Test
    void thePageRunsNoInlineScriptOrStyleSoTheStrictPolicyHolds() throws IOException {
        String page = resource("META-INF/resources/index.html");
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(page).find(), "inline <script>");
        assertFalse(Pattern.compile("<style|\\sstyle=|\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(page).find(),
                "inline style or event handler attribute");
        String script = resource("META-INF/resources/app.js");
        assertFalse(Pattern.compile("\\beval\\(|new Function\\(|style=").matcher(script).find(), "eval or inline style in app.js");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PageHeadersTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
