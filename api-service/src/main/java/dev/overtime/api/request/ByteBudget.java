package dev.overtime.api.request;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes a process holds for request bodies of one kind at once, reserved before a byte is read. A request alone larger
 * than the budget is still admitted when nothing else is held, so it is never starved; it is refused only beside
 * others.
 */
final class ByteBudget {

    private final long capacity;
    private final AtomicLong held = new AtomicLong();

    ByteBudget(long capacity) {
        this.capacity = capacity;
    }

    boolean reserve(long bytes) {
        while (true) {
            long before = held.get();
            if (before > 0 && before + bytes > capacity) {
                return false;
            }
            if (held.compareAndSet(before, before + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }

    long held() {
        return held.get();
    }

    long capacity() {
        return capacity;
    }
}
