package dev.overtime.common.events;

import java.util.UUID;

/** The facts about a job that every lifecycle event repeats, so analytics never has to join. */
public record JobFacts(UUID jobId, String owner, String model, String size, String quality, int n) {
}
