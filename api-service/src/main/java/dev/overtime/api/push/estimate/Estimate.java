package dev.overtime.api.push.estimate;

/** How far a job is from done: its place in the queue (1 = next; null unless queued) and when to look again. */
public record Estimate(Integer queuePosition, int retryAfterSeconds) {
}
