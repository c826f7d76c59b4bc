package dev.overtime.e2e;

import dev.overtime.localinfra.RealInfrastructure;

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
    private final String kafkaBootstrapServers;
    private final ServiceProcess simulator;
    private final ServiceProcess api;
    private final Map<String, String> workerEnv;
    private volatile ServiceProcess worker;

    private Stack(RealInfrastructure infra, String kafkaBootstrapServers, Map<String, String> simulatorEnv,
                  Map<String, String> workerEnv) {
        this.infra = infra;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.simulator = ServiceProcess.of("openai-simulator", simulatorEnv);
        this.api = ServiceProcess.of("api-service", apiEnv());
        Map<String, String> worker = new HashMap<>(workerEnv);
        worker.put("OPENAI_BASE_URL", simulator.baseUrl() + "/v1");
        worker.put("OPENAI_API_KEY", "sk-e2e-simulator");
        this.workerEnv = common(worker);
        this.worker = ServiceProcess.of("worker-service", this.workerEnv);
    }

    /** Starts everything and waits until each service reports ready. */
    public static Stack start(Map<String, String> simulatorEnv, Map<String, String> workerEnv) {
        RealInfrastructure infra = RealInfrastructure.get();
        return start(infra, infra.kafkaBootstrapServers(), simulatorEnv, workerEnv);
    }

    /** As {@link #start(Map, Map)}, over a Kafka broker of the test's own (one it can stop and restart). */
    public static Stack start(String kafkaBootstrapServers, Map<String, String> simulatorEnv,
                              Map<String, String> workerEnv) {
        return start(RealInfrastructure.get(), kafkaBootstrapServers, simulatorEnv, workerEnv);
    }

    /** A second worker process with the same settings, started and ready (e.g. after the first was killed). */
    public ServiceProcess startAnotherWorker() {
        ServiceProcess another = ServiceProcess.of("worker-service", workerEnv).start().awaitReady(Duration.ofSeconds(120));
        this.worker = another;
        return another;
    }

    private static Stack start(RealInfrastructure infra, String kafka, Map<String, String> simulatorEnv,
                               Map<String, String> workerEnv) {
        Stack stack = new Stack(infra, kafka, simulatorEnv, workerEnv);
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
        ServiceProcess replica = ServiceProcess.of("api-service", apiEnv()).start();
        try {
            return replica.awaitReady(Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            replica.close();
            throw e;
        }
    }

    // Like the local stack: the simulator serves moderation, accounts and presets, so no test ever
    // reaches for a host off this machine.
    private Map<String, String> apiEnv() {
        return common(Map.of("OVERTIME_API_ADMIN_TOKEN", ADMIN_TOKEN, "OVERTIME_API_WEBHOOKS_ALLOW_LOOPBACK", "true",
                "OPENAI_BASE_URL", simulator.baseUrl() + "/v1",
                "OPENAI_API_KEY", "sk-e2e-simulator",
                "QUARKUS_REST_CLIENT_ACCOUNTS_URL", simulator.baseUrl(),
                "QUARKUS_REST_CLIENT_PRESETS_URL", simulator.baseUrl()));
    }

    private Map<String, String> common(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl());
        env.put("QUARKUS_DATASOURCE_USERNAME", infra.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", infra.password());
        return env;
    }

    @Override
    public void close() {
        Stream.of(worker, api, simulator).parallel().forEach(ServiceProcess::close);
    }
}
