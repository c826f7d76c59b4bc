package dev.overtime.api.request;

import io.vertx.core.Context;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Ties a request's deadline to the thread running its resource method, so that expiry can
 * interrupt it, and unties it before that thread goes back to the pool.
 */
public class DeadlineFilters {

    private final CurrentDeadline deadline;
    private final RequestDeadlines deadlines;

    public DeadlineFilters(CurrentDeadline deadline, RequestDeadlines deadlines) {
        this.deadline = deadline;
        this.deadlines = deadlines;
    }

    // Runs before every other request filter: nothing should start once the deadline has gone.
    @ServerRequestFilter(priority = 1)
    public void attach(ContainerRequestContext request) {
        RequestDeadline current = deadline.get();
        if (Context.isOnEventLoopThread()) {
            // A method answering on the event loop (a cached status) runs for microseconds and its thread serves
            // every other connection: never interrupted. Its blocking part attaches its own thread (BlockingWork).
            current.ensureRunning();
            return;
        }
        current.attach(Thread.currentThread());
        deadlines.attached();
        request.setProperty(RequestDeadlines.CONTEXT_KEY, current);
    }

    @ServerResponseFilter
    public void detach(ContainerRequestContext request) {
        if (request.getProperty(RequestDeadlines.CONTEXT_KEY) instanceof RequestDeadline current) {
            current.detach();
            request.removeProperty(RequestDeadlines.CONTEXT_KEY);
            deadlines.detached();
            // An expiry that raced with the end of the work must not hit the next request on this thread.
            Thread.interrupted();
        }
    }
}
