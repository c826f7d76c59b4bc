package dev.overtime.worker.config;

import dev.overtime.outbox.OutboxSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Hands the shared outbox module this service's {@code overtime.worker.outbox.*} settings. */
@ApplicationScoped
class OutboxSettingsProducer {

    @Produces
    OutboxSettings outboxSettings(WorkerConfig config) {
        return config.outbox();
    }
}
