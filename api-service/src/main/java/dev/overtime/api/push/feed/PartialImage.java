package dev.overtime.api.push.feed;

import java.util.UUID;

/** A partial image the worker stored while the upstream was still rendering (0-based index). */
public record PartialImage(UUID jobId, int index, String url) {
}
