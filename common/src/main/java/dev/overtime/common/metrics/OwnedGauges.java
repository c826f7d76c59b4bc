package dev.overtime.common.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The gauges one bean registers, removed again when the bean goes away. A gauge reads a live object, and the registry
 * Quarkus injects is Micrometer's global one, which outlives an application restarted within the same JVM (test
 * classes with different profiles do that): left registered, a gauge would go on reading the stopped instance's
 * object, and the new instance's registration of the same name would be ignored in its favour.
 */
public final class OwnedGauges {

    private final MeterRegistry registry;
    private final List<Meter> gauges = new CopyOnWriteArrayList<>();

    public OwnedGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    public <T> void register(Gauge.Builder<T> gauge) {
        gauges.add(gauge.register(registry));
    }

    /** Call from the owner's shutdown observer. */
    public void removeAll() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }
}
