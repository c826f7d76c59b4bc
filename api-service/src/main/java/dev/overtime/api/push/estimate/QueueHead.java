package dev.overtime.api.push.estimate;

import dev.overtime.api.config.ApiConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A queued job's place in the queue from its ticket (V8): ticket less the head (the lowest ticket still queued),
 * plus one. The head is one index lookup, read at most once per {@code overtime.api.job-cache.queue-head-refresh} by
 * one thread of this replica while the others use the last value, so a status read never counts the queue.
 */
@ApplicationScoped
public class QueueHead {

    /** The lowest queued ticket (null: the queue was empty) and when the read of it began. */
    private record Head(Long ticket, long readAtNanos) {
    }

    private final EntityManager em;
    private final long refreshNanos;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Head head;

    public QueueHead(EntityManager em, ApiConfig config) {
        this.em = em;
        this.refreshNanos = config.jobCache().queueHeadRefresh().toNanos();
    }

    /** 1 = next. Jobs that left the queue out of ticket order still count until the head passes them. */
    public int positionOf(Long ticket) {
        return position(ticket, head().ticket());
    }

    /**
     * The same from the last value read, without reading: empty when there is none yet or it is due for a refresh
     * (the caller is on the event loop and takes its blocking path, which reads it).
     */
    public OptionalInt knownPositionOf(Long ticket) {
        Head current = head;
        if (current == null || stale(current)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(position(ticket, current.ticket()));
    }

    private static int position(Long ticket, Long lowest) {
        if (ticket == null || lowest == null || ticket <= lowest) {
            return 1;
        }
        return (int) Math.min(Integer.MAX_VALUE, ticket - lowest + 1);
    }

    private Head head() {
        Head current = head;
        if (current != null && !stale(current)) {
            return current;
        }
        // The first reader waits for a value; later ones use the last value while one thread reads the next.
        if (current == null) {
            refreshing.lock();
        } else if (!refreshing.tryLock()) {
            return current;
        }
        try {
            if (head == null || stale(head)) {
                long started = System.nanoTime();
                head = new Head(QuarkusTransaction.joiningExisting().call(this::read), started);
            }
            return head;
        } finally {
            refreshing.unlock();
        }
    }

    private boolean stale(Head current) {
        return System.nanoTime() - current.readAtNanos() >= refreshNanos;
    }

    // An index-only lookup on image_edit_jobs_queue_head.
    private Long read() {
        Number lowest = (Number) em.createNativeQuery(
                "select min(queue_ticket) from image_edit_jobs where status = 'queued'").getSingleResult();
        return lowest == null ? null : lowest.longValue();
    }
}
