package dev.overtime.api.request;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Callable;

/**
 * Runs the blocking part of a request whose resource method answers on the event loop when it can (a status read the
 * replica's cache answers): on a worker thread, in the request's own context (its request-scoped beans, its
 * deadline), with that thread attached to the request's deadline as {@link DeadlineFilters} attaches a blocking
 * method's thread, so expiry still interrupts it.
 */
@ApplicationScoped
public class BlockingWork {

    private final CurrentDeadline deadline;
    private final RequestDeadlines deadlines;

    public BlockingWork(CurrentDeadline deadline, RequestDeadlines deadlines) {
        this.deadline = deadline;
        this.deadlines = deadlines;
    }

    public <T> Uni<T> call(Callable<T> work) {
        // Read here, on the request's own thread: the request scope need not be active where the work runs.
        RequestDeadline current = deadline.get();
        return VertxContextSupport.executeBlocking(() -> {
            deadlines.attach(current);   // refuses work whose deadline has already answered
            try {
                return work.call();
            } finally {
                deadlines.detach(current);
            }
        });
    }
}
