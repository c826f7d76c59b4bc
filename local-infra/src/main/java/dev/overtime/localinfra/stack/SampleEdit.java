package dev.overtime.localinfra.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import dev.overtime.localinfra.ServiceProcess;

/**
 * The edit {@code up} submits to prove the stack works end to end, followed until it ends or its deadline
 * ({@code OVERTIME_SAMPLE_TIMEOUT}) passes; then it says what is wrong and which log to read.
 */
final class SampleEdit {

    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled");

    private final StackContext context;
    private final ApiClient api;

    SampleEdit(StackContext context, ApiClient api) {
        this.context = context;
        this.api = api;
    }

    /** Submits samples/photo.png with samples/mask.png and returns where the result was saved. */
    Path run(String apiKey) {
        Path samples = context.home().repository().resolve("samples");
        Console.say("submitting samples/photo.png with samples/mask.png");
        String id = api.submit(apiKey, samples.resolve("photo.png"), samples.resolve("mask.png"), "paint the circle sunset orange");
        ApiClient.JobSnapshot job = follow(apiKey, id);
        if (!job.status().equals("succeeded")) {
            System.err.println(job.body().toPrettyString());
            throw new IllegalStateException("sample edit " + id + " ended " + job.status() + "; see " + context.home().log("worker"));
        }
        Path result = context.home().dir("result-" + id + ".png");
        api.downloadOutput(apiKey, id, result);
        Console.say("result saved to " + result);
        return result;
    }

    // Polls the job, printing each status change; honours Retry-After but waits 1 to 2 s between reads.
    private ApiClient.JobSnapshot follow(String apiKey, String id) {
        Duration timeout = context.settings().sampleTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        String previous = "";
        while (true) {
            ApiClient.JobSnapshot job = api.job(apiKey, id);
            if (!job.status().equals(previous)) {
                Console.say("job " + id + ": " + job.status());
                previous = job.status();
            }
            if (TERMINAL.contains(job.status())) {
                return job;
            }
            if (context.home().runningPid("worker").isEmpty()) {
                throw new IllegalStateException("the worker exited while sample edit " + id + " was " + job.status()
                        + "; see " + context.home().log("worker"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(stuck(id, job, timeout));
            }
            sleepSeconds(Math.clamp(job.retryAfterSeconds(), 1, 2));
        }
    }

    private String stuck(String id, ApiClient.JobSnapshot job, Duration timeout) {
        StackHome home = context.home();
        String status = job.status() + (job.body().hasNonNull("queuePosition")
                ? " at queue position " + job.body().get("queuePosition").asText() : "");
        String worker = home.runningPid("worker")
                .map(pid -> "running (pid " + pid + ") and "
                        + (ServiceProcess.healthStatus(context.workerManagementUrl()) == 200 ? "ready" : "NOT ready"))
                .orElse("not running");
        return "sample edit " + id + " did not end within " + timeout.toSeconds() + "s (OVERTIME_SAMPLE_TIMEOUT)\n"
                + "  its last status: " + status + "\n"
                + "  the worker: " + worker + "\n"
                + "  look at " + home.log("worker") + " (the edit's attempts) and " + home.log("api")
                + " (the job); ./overtime status shows every component, and a backlog of earlier jobs delays the sample";
    }

    private static void sleepSeconds(int seconds) {
        try {
            Thread.sleep(Duration.ofSeconds(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following the sample edit", e);
        }
    }
}
