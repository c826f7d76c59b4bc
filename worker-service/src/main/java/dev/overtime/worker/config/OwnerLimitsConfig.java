package dev.overtime.worker.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The part of the owner limits' defaults ({@code overtime.limits.*}) the worker enforces: an owner with no
 * {@code maxConcurrentEdits} of its own in {@code owner_limits} may run this many edits at once across all workers.
 * api-service reads the same key to show the effective limits; set it once for both ({@code OVERTIME_LIMITS_*}).
 */
@ConfigMapping(prefix = "overtime.limits")
public interface OwnerLimitsConfig {

    /** One worker's {@code max-in-flight}: a lone owner may fill a worker, and with two workers no owner fills both. */
    @WithDefault("512")
    int maxConcurrentEdits();
}
