package dev.overtime.api.config;

import dev.overtime.outbox.OutboxSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Hands the shared outbox module this service's {@code overtime.api.outbox.*} settings. */
@ApplicationScoped
class OutboxSettingsProducer {

    @Produces
    OutboxSettings outboxSettings(ApiConfig config) {
        return config.outbox();
    }
}
