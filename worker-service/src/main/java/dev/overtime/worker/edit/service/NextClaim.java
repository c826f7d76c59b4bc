package dev.overtime.worker.edit.service;

/** What asking for the next fair edit came to: one claimed, none eligible, or one that needs more memory first. */
public sealed interface NextClaim {

    NextClaim NONE_ELIGIBLE = new NoneEligible();

    /** The edit is running under this worker's lease. */
    record Claimed(ClaimedJob job) implements NextClaim {
    }

    /** No owner has a due queued job below its cap (or every such owner is being claimed for by another worker). */
    record NoneEligible() implements NextClaim {
    }

    /** The next edit weighs {@code bytes}, more than the memory held for it; nothing was claimed. */
    record NeedsRoom(long bytes) implements NextClaim {
    }
}
