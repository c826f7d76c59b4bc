package dev.overtime.localinfra.stack;

import java.util.function.ToIntFunction;

/**
 * A server the services need (PostgreSQL, Kafka, …): starts before them, alone under {@code OVERTIME_INFRA_ONLY=1},
 * healthy while its port is open, and stopped by its recorded pid unless a subclass knows a gentler way.
 */
abstract class InfrastructureComponent implements Component {

    protected final StackContext context;
    private final String name;
    private final ToIntFunction<StackContext> port;

    InfrastructureComponent(StackContext context, String name, ToIntFunction<StackContext> port) {
        this.context = context;
        this.name = name;
        this.port = port;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int port() {
        return port.applyAsInt(context);
    }

    @Override
    public final boolean infrastructure() {
        return true;
    }

    @Override
    public void stop() {
        ProcessComponents.stop(context.home(), name, context.settings().stopGrace());
    }

    @Override
    public String health() {
        return RememberedPorts.inUse(port()) ? "port open" : "port closed";
    }
}
