package dev.overtime.api.push.feed;

import dev.overtime.api.imageedit.view.JobSnapshot;

/** What subscribers of one job receive: its new snapshot, and the partial image that caused it, if any. */
public record JobChange(JobSnapshot snapshot, PartialImage partialImage) {

    /** The event name frontends see: the status, or {@code partial_image}. */
    public String eventName() {
        return partialImage != null ? "partial_image" : snapshot.status().wireName();
    }

    public EventCursor cursor() {
        return new EventCursor(snapshot.version(), partialImage == null ? 0 : partialImage.index() + 1);
    }
}
