package dev.overtime.api.push.webhook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Webhook attempts in flight on this replica, per owner and in all: what keeps one owner's slow or dead receiver from
 * taking the senders everyone else needs. The dispatcher claims an owner's messages only while it has a free slot.
 */
final class OwnerSlots {

    private final int perOwner;
    private final int total;
    private final Map<String, Integer> byOwner = new HashMap<>();
    private int inFlight;

    OwnerSlots(int perOwner, int total) {
        this.perOwner = perOwner;
        this.total = total;
    }

    int perOwner() {
        return perOwner;
    }

    synchronized int free() {
        return total - inFlight;
    }

    synchronized void occupy(String owner) {
        byOwner.merge(owner, 1, Integer::sum);
        inFlight++;
    }

    /** Frees the owner's slot; true when that makes room that was not there (the owner or the replica was full). */
    synchronized boolean release(String owner) {
        boolean wasFull = inFlight >= total || byOwner.getOrDefault(owner, 0) >= perOwner;
        byOwner.computeIfPresent(owner, (o, n) -> n == 1 ? null : n - 1);
        inFlight--;
        return wasFull;
    }

    /** Each owner once per attempt in flight: the claim query counts them to leave each owner only its free slots. */
    synchronized List<String> occupied() {
        List<String> owners = new ArrayList<>(inFlight);
        byOwner.forEach((owner, n) -> owners.addAll(Collections.nCopies(n, owner)));
        return owners;
    }
}
