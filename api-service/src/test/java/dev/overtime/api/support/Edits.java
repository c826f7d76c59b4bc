package dev.overtime.api.support;

import io.restassured.response.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;

/** Submits a valid image edit as a frontend would, timing how long the answer took. */
public final class Edits {

    private static final byte[] PHOTO = TestImages.photo(32, 32);

    private Edits() {
    }

    /**
     * The first request after an application (re)start loads classes on both sides; make it one
     * that is not timed, so timing bounds measure behaviour and not warm-up.
     */
    public static void warmUp(Fixtures fixtures) {
        // A valid key and a file that is no image: the whole way through key check, multipart and validation, with no
        // upstream call and no job (a request without a key is refused at the edge now, before its body is parsed).
        given().header("Authorization", fixtures.newCaller().bearer())
                .multiPart("image", "photo.png", "not an image".getBytes(), "image/png").multiPart("prompt", "warm-up")
                .post("/v1/image-edits").then().statusCode(400);
    }

    public static Timed submit(Fixtures.Caller caller, String prompt) {
        return submit(caller, prompt, 1, null);
    }

    public static Timed submit(Fixtures.Caller caller, String prompt, int n, String model) {
        var request = given().header("Authorization", caller.bearer())
                .multiPart("image", "photo.png", PHOTO, "image/png")
                .multiPart("prompt", prompt)
                .multiPart("n", String.valueOf(n));
        if (model != null) {
            request.multiPart("model", model);
        }
        long started = System.nanoTime();
        Response response = request.post("/v1/image-edits");
        return new Timed(response, (System.nanoTime() - started) / 1_000_000);
    }

    public static Timed get(String path) {
        long started = System.nanoTime();
        Response response = given().get(path);
        return new Timed(response, (System.nanoTime() - started) / 1_000_000);
    }

    public static Timed get(Fixtures.Caller caller, String path) {
        long started = System.nanoTime();
        Response response = given().header("Authorization", caller.bearer()).get(path);
        return new Timed(response, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Sends {@code count} requests released at the same moment, one thread each, and answers how many got each status;
     * the message of a failed assertion on it lists the other answers' bodies.
     */
    public static AtOnce atOnce(int count, IntFunction<Response> request) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService senders = Executors.newFixedThreadPool(count);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                answers.add(senders.submit(() -> {
                    go.await();
                    return request.apply(index);
                }));
            }
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                responses.add(answer.get());
            }
            return new AtOnce(responses);
        } finally {
            senders.shutdownNow();
        }
    }

    /** The answers of {@link #atOnce}. */
    public record AtOnce(List<Response> responses) {

        public Map<Integer, Long> byStatus() {
            return responses.stream().collect(Collectors.groupingBy(Response::statusCode, Collectors.counting()));
        }

        /** The bodies of the answers other than {@code status}, for an assertion's message. */
        public String otherThan(int status) {
            return responses.stream().filter(r -> r.statusCode() != status)
                    .map(r -> r.statusCode() + " " + r.asString()).distinct().toList().toString();
        }

        public List<Response> withStatus(int status) {
            return responses.stream().filter(r -> r.statusCode() == status).toList();
        }
    }

    /** An answer and how long it took, measured around the HTTP call. */
    public record Timed(Response response, long elapsedMs) {
    }
}
