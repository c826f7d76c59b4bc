package dev.overtime.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A well-behaved caller polling its own job, listing its jobs and checking health in a loop, timing every answer:
 * what an abuse test measures while the abuse runs. Runs on one virtual thread, about ten requests a second.
 */
final class LegitimateClient implements AutoCloseable {

    /** One request's outcome: what was asked, its status (-1 when none came) and how long the answer took. */
    record Sample(String what, int status, Duration took) {
    }

    private static final Duration PAUSE = Duration.ofMillis(100);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String bearer;
    private final String jobId;
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final String healthUrl;
    private final Thread loop;
    private volatile boolean running = true;

    LegitimateClient(String baseUrl, String healthUrl, String apiKey, String jobId) {
        this.baseUrl = baseUrl;
        this.healthUrl = healthUrl;
        this.bearer = "Bearer " + apiKey;
        this.jobId = jobId;
        this.loop = Thread.ofVirtual().name("legitimate-client").start(this::run);
    }

    /** What the client saw from now until the returned window is closed. */
    Window window() {
        return new Window(samples.size());
    }

    private void run() {
        while (running) {
            call("status", baseUrl + "/v1/image-edits/" + jobId, true);
            call("list", baseUrl + "/v1/image-edits?limit=5", true);
            call("health", healthUrl + "/q/health/ready", false);
            try {
                Thread.sleep(PAUSE);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void call(String what, String url, boolean authenticated) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authenticated) {
            request.header("Authorization", bearer);
        }
        long started = System.nanoTime();
        int status;
        try {
            status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            status = -1;
        }
        samples.add(new Sample(what, status, Duration.ofNanos(System.nanoTime() - started)));
    }

    @Override
    public void close() {
        running = false;
        loop.interrupt();
    }

    final class Window {
        private final int from;

        private Window(int from) {
            this.from = from;
        }

        /** The samples from the window's opening until now. */
        List<Sample> samples() {
            // One snapshot of the list first: a sample added between reading its size and copying a view of it
            // made the copy fail (ConcurrentModificationException).
            List<Sample> all = List.copyOf(LegitimateClient.this.samples);
            return all.subList(Math.min(from, all.size()), all.size());
        }

        Duration p99() {
            List<Duration> took = new ArrayList<>(samples().stream().map(Sample::took).toList());
            if (took.isEmpty()) {
                return Duration.ZERO;
            }
            Collections.sort(took);
            return took.get(Math.min(took.size() - 1, (int) Math.ceil(took.size() * 0.99) - 1));
        }

        /** Answers other than 200 (a refusal, an error, or none at all). */
        List<Sample> failures() {
            return samples().stream().filter(s -> s.status() != 200).toList();
        }
    }
}
