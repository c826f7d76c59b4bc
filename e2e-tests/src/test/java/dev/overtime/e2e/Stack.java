package dev.overtime.e2e;

import dev.overtime.localinfra.RealInfrastructure;
import dev.overtime.localinfra.ServiceEnvironment;
import dev.overtime.localinfra.ServiceProcess;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The whole system as processes: the simulator, api-service and worker-service over this JVM's
 * real Kafka and PostgreSQL. Services start in parallel, since each takes seconds on 2 cores.
 */
public final class Stack implements AutoCloseable {

    public static final String ADMIN_TOKEN = "e2e-admin-token";

    private final RealInfrastructure infra;
    private final ServiceProcess simulator;
    private final ServiceEnvironment environment;
    private final ServiceProcess api;
    private final Map<String, String> workerEnv;
    private volatile ServiceProcess worker;

    private final Map<String, String> apiEnv;

    private Stack(RealInfrastructure infra, String kafkaBootstrapServers, Map<String, String> simulatorEnv,
                  Map<String, String> apiEnv, Map<String, String> workerEnv) {
        this.infra = infra;
        this.simulator = ServiceProcess.of("openai-simulator", simulatorEnv);
        // Like the local stack: the simulator serves moderation, accounts and presets, so no test ever
        // reaches for a host off this machine.
        this.environment = new ServiceEnvironment(kafkaBootstrapServers, infra.jdbcUrl(), infra.username(),
                infra.password(), ADMIN_TOKEN, simulator.baseUrl() + "/v1", "sk-e2e-simulator", simulator.baseUrl(), infra.s3());
        Map<String, String> api = new HashMap<>(environment.api());
        api.putAll(apiEnv);
        this.apiEnv = api;
        this.api = ServiceProcess.of("api-service", this.apiEnv);
        Map<String, String> worker = new HashMap<>(environment.worker());
        worker.putAll(workerEnv);
        this.workerEnv = worker;
        this.worker = ServiceProcess.of("worker-service", this.workerEnv);
    }

    /** Starts everything and waits until each service reports ready. */
    public static Stack start(Map<String, String> simulatorEnv, Map<String, String> workerEnv) {
        return start(simulatorEnv, Map.of(), workerEnv);
    }

    /** As {@link #start(Map, Map)}, with settings of the test's own for the API too. */
    public static Stack start(Map<String, String> simulatorEnv, Map<String, String> apiEnv, Map<String, String> workerEnv) {
        RealInfrastructure infra = RealInfrastructure.get();
        return start(infra, infra.kafkaBootstrapServers(), simulatorEnv, apiEnv, workerEnv);
    }

    /** As {@link #start(Map, Map)}, over a Kafka broker of the test's own (one it can stop and restart). */
    public static Stack start(String kafkaBootstrapServers, Map<String, String> simulatorEnv,
                              Map<String, String> workerEnv) {
        return start(RealInfrastructure.get(), kafkaBootstrapServers, simulatorEnv, Map.of(), workerEnv);
    }

    /** A second worker process with the same settings, started and ready (e.g. after the first was killed). */
    public ServiceProcess startAnotherWorker() {
        ServiceProcess another = ServiceProcess.of("worker-service", workerEnv).start().awaitReady(Duration.ofSeconds(120));
        this.worker = another;
        return another;
    }

    /**
     * One more worker process with the same settings beside the running one(s), started and ready; the caller closes
     * it (the stack closes only its own worker).
     */
    public ServiceProcess startWorkerBeside() {
        ServiceProcess another = ServiceProcess.of("worker-service", workerEnv).start();
        try {
            return another.awaitReady(Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            another.close();
            throw e;
        }
    }

    private static Stack start(RealInfrastructure infra, String kafka, Map<String, String> simulatorEnv,
                               Map<String, String> apiEnv, Map<String, String> workerEnv) {
        Stack stack = new Stack(infra, kafka, simulatorEnv, apiEnv, workerEnv);
        Stream.of(stack.simulator, stack.api, stack.worker).forEach(ServiceProcess::start);
        try {
            Stream.of(stack.simulator, stack.api, stack.worker).parallel()
                    .forEach(service -> service.awaitReady(Duration.ofSeconds(120)));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    public RealInfrastructure infra() {
        return infra;
    }

    public ServiceProcess simulator() {
        return simulator;
    }

    public ServiceProcess api() {
        return api;
    }

    public ServiceProcess worker() {
        return worker;
    }

    /** Another api-service over the same Kafka and PostgreSQL, as a second replica behind a load balancer. */
    public ServiceProcess startApiReplica() {
        return startApiReplica(Map.of());
    }

    /** As {@link #startApiReplica()}, with settings of its own on top of the first replica's. */
    public ServiceProcess startApiReplica(Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(apiEnv);
        env.putAll(settings);
        ServiceProcess replica = ServiceProcess.of("api-service", env).start();
        try {
            return replica.awaitReady(Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            replica.close();
            throw e;
        }
    }

    @Override
    public void close() {
        Stream.of(worker, api, simulator).parallel().forEach(ServiceProcess::close);
    }
}
