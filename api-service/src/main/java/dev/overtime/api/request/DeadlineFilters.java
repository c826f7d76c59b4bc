package dev.overtime.api.request;

import io.vertx.core.Context;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Ties a request's deadline to the worker thread running its resource method, so that expiry can
 * interrupt it, and unties it before that thread goes back to the pool. A method running on the event loop is
 * not tied (see {@link BlockingWork} for the blocking part of such a method).
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
        deadlines.attach(current);
        request.setProperty(RequestDeadlines.CONTEXT_KEY, current);
    }

    @ServerResponseFilter
    public void detach(ContainerRequestContext request) {
        if (request.getProperty(RequestDeadlines.CONTEXT_KEY) instanceof RequestDeadline current) {
            request.removeProperty(RequestDeadlines.CONTEXT_KEY);
            deadlines.detach(current);
        }
    }
}
