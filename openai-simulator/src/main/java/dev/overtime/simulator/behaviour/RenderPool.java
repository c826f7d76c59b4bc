package dev.overtime.simulator.behaviour;

import dev.overtime.simulator.config.SimulatorConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small fixed pool for image decoding and encoding. Bounded on purpose: when hundreds of held
 * edits come due together, they queue here instead of decoding hundreds of bitmaps at once.
 */
@ApplicationScoped
public class RenderPool {

    private final ExecutorService executor;

    public RenderPool(SimulatorConfig config) {
        int threads = config.renderThreads().orElse(Runtime.getRuntime().availableProcessors());
        AtomicInteger counter = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(Math.max(1, threads), runnable -> {
            Thread thread = new Thread(runnable, "simulator-render-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public ExecutorService executor() {
        return executor;
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}
