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
    private final Function<ServiceEnvironment, Map<String, String>> environment;
    private final Predicate<StackSettings> wanted;

    private ServiceComponent(StackContext context, String name, String module, int port,
                             Function<ServiceEnvironment, Map<String, String>> environment, Predicate<StackSettings> wanted) {
        this.context = context;
        this.name = name;
        this.module = module;
        this.port = port;
        this.environment = environment;
        this.wanted = wanted;
    }

    static ServiceComponent simulator(StackContext context) {
        return new ServiceComponent(context, "simulator", "openai-simulator", StackContext.SIMULATOR_PORT,
                env -> Map.of(), StackSettings::usingSimulator);
    }

    static ServiceComponent api(StackContext context) {
        return new ServiceComponent(context, "api", "api-service", StackContext.API_PORT, ServiceComponent::apiEnvironment,
                settings -> true);
    }

    static ServiceComponent worker(StackContext context) {
        return new ServiceComponent(context, "worker", "worker-service", StackContext.WORKER_PORT, ServiceEnvironment::worker,
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
        if (RememberedPorts.inUse(port)) {
            throw new IllegalStateException("port " + port + " is taken by another process; " + name + " needs it");
        }
        Console.say("starting " + name + " on port " + port);
        StackHome home = context.home();
        ServiceProcess service = ServiceProcess.detached(name, home.repository(), module, port,
                environment.apply(context.serviceEnvironment()), home.log(name), context.settings().serviceJvmOptions()).start();
        home.recordPid(name, service.pid());
        Console.say(name + " started (pid " + service.pid() + ", log " + service.log() + ")");
    }

    @Override
    public void awaitReady() {
        Console.say("waiting for " + name + " at " + baseUrl() + "/q/health/ready");
        Duration timeout = context.settings().healthTimeout();
        ServiceProcess.awaitReady(name, baseUrl(), () -> context.home().runningPid(name).isPresent(),
                context.home().log(name), timeout);
        Console.say(name + " is ready");
    }

    @Override
    public void stop() {
        ProcessComponents.stop(context.home(), name, context.settings().stopGrace());
    }

    @Override
    public String health() {
        return ServiceProcess.healthStatus(baseUrl()) == 200 ? "ready" : "not ready";
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    // URLs of the operator's services that the user set themselves win over the simulator standing in for them.
    private static Map<String, String> apiEnvironment(ServiceEnvironment env) {
        Map<String, String> api = env.api();
        api.keySet().removeIf(key -> key.startsWith("QUARKUS_REST_CLIENT_") && System.getenv(key) != null);
        return api;
    }
}
