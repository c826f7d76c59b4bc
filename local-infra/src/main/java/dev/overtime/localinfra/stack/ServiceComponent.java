package dev.overtime.localinfra.stack;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.overtime.localinfra.ServiceEnvironment;
import dev.overtime.localinfra.ServiceProcess;

/**
 * One of our packaged Quarkus services on its fixed port. The user's own environment reaches it as is
 * (e.g. {@code OVERTIME_SIMULATOR_LATENCY=40s ./overtime up}); the stack's addresses are set over it.
 */
final class ServiceComponent implements Component {

    private final StackContext context;
    private final String name;
    private final String module;
    private final int port;
    private final int managementPort;
    private final Function<ServiceEnvironment, Map<String, String>> environment;
    private final Predicate<StackSettings> wanted;

    private ServiceComponent(StackContext context, String name, String module, int port, int managementPort,
                             Function<ServiceEnvironment, Map<String, String>> environment, Predicate<StackSettings> wanted) {
        this.context = context;
        this.name = name;
        this.module = module;
        this.port = port;
        this.managementPort = managementPort;
        this.environment = environment;
        this.wanted = wanted;
    }

    static ServiceComponent simulator(StackContext context) {
        return new ServiceComponent(context, "simulator", "openai-simulator", StackContext.SIMULATOR_PORT,
                ServiceProcess.NO_MANAGEMENT_PORT, env -> Map.of(), StackSettings::usingSimulator);
    }

    static ServiceComponent api(StackContext context) {
        return new ServiceComponent(context, "api", "api-service", StackContext.API_PORT,
                StackContext.API_MANAGEMENT_PORT, ServiceComponent::apiEnvironment,
                settings -> true);
    }

    static ServiceComponent worker(StackContext context) {
        return new ServiceComponent(context, "worker", "worker-service", StackContext.WORKER_PORT,
                StackContext.WORKER_MANAGEMENT_PORT, ServiceEnvironment::worker,
                settings -> true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean infrastructure() {
        return false;
    }

    @Override
    public boolean wanted() {
        return wanted.test(context.settings());
    }

    @Override
    public void start() {
        for (int needed : new int[] {port, managementPort}) {
            if (needed != ServiceProcess.NO_MANAGEMENT_PORT && RememberedPorts.inUse(needed)) {
                throw new IllegalStateException("port " + needed + " is taken by another process; " + name + " needs it");
            }
        }
        Console.say("starting " + name + " on port " + port);
        StackHome home = context.home();
        ServiceProcess service = ServiceProcess.detached(name, home.repository(), module, port, managementPort,
                environment.apply(context.serviceEnvironment()), home.log(name), context.settings().serviceJvmOptions()).start();
        home.recordPid(name, service.pid());
        Console.say(name + " started (pid " + service.pid() + ", log " + service.log() + ")");
    }

    @Override
    public void awaitReady() {
        Console.say("waiting for " + name + " at " + healthUrl() + "/q/health/ready");
        Duration timeout = context.settings().healthTimeout();
        ServiceProcess.awaitReady(name, healthUrl(), () -> context.home().runningPid(name).isPresent(),
                context.home().log(name), timeout);
        Console.say(name + " is ready");
    }

    @Override
    public void stop() {
        ProcessComponents.stop(context.home(), name, context.settings().stopGrace());
    }

    @Override
    public String health() {
        return ServiceProcess.healthStatus(healthUrl()) == 200 ? "ready" : "not ready";
    }

    /** Health answers on the management interface where there is one (api, worker), else on the public port. */
    private String healthUrl() {
        return "http://127.0.0.1:" + (managementPort == ServiceProcess.NO_MANAGEMENT_PORT ? port : managementPort);
    }

    // URLs of the operator's services that the user set themselves win over the simulator standing in for them.
    private static Map<String, String> apiEnvironment(ServiceEnvironment env) {
        Map<String, String> api = env.api();
        api.keySet().removeIf(key -> key.startsWith("QUARKUS_REST_CLIENT_") && System.getenv(key) != null);
        return api;
    }
}
