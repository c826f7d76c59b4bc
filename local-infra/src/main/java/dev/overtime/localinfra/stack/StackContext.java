package dev.overtime.localinfra.stack;

import dev.overtime.localinfra.PostgresServer;
import dev.overtime.localinfra.S3Access;
import dev.overtime.localinfra.S3ProxyServer;
import dev.overtime.localinfra.ServiceEnvironment;

/** What every component of the local stack shares: its files, the knobs, and the addresses they imply. */
record StackContext(StackHome home, StackSettings settings, RememberedPorts ports) {

    static final int API_PORT = 8080;
    static final int WORKER_PORT = 8081;
    static final int SIMULATOR_PORT = 8090;
    /** The services' management interfaces (health, metrics): the API's and the worker's defaults. */
    static final int API_MANAGEMENT_PORT = 9000;
    static final int WORKER_MANAGEMENT_PORT = 9001;
    static final String S3_ACCESS_KEY = "overtime-local";

    static StackContext of(StackHome home, StackSettings settings) {
        return new StackContext(home, settings, new RememberedPorts(home.dir("ports")));
    }

    int postgresPort() {
        return ports.port("postgres", 5432);
    }

    int kafkaPort() {
        return ports.port("kafka", 9092);
    }

    int kafkaControllerPort() {
        return ports.port("kafka-controller", 9093);
    }

    int s3Port() {
        return ports.port("s3", 9100);
    }

    /** The local S3 server's bucket and keys; the secret is made once and kept in {@code .overtime/s3-secret-key}. */
    S3Access s3Access() {
        return new S3Access("http://127.0.0.1:" + s3Port(), S3ProxyServer.DEFAULT_BUCKET, S3_ACCESS_KEY,
                home.secret("s3-secret-key"));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort() + "/" + PostgresServer.DATABASE;
    }

    String kafkaBootstrapServers() {
        return "127.0.0.1:" + kafkaPort();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + API_PORT;
    }

    String apiManagementUrl() {
        return "http://127.0.0.1:" + API_MANAGEMENT_PORT;
    }

    String workerManagementUrl() {
        return "http://127.0.0.1:" + WORKER_MANAGEMENT_PORT;
    }

    String simulatorUrl() {
        return "http://127.0.0.1:" + SIMULATOR_PORT;
    }

    String openAiBaseUrl() {
        return settings.usingSimulator() ? simulatorUrl() + "/v1" : settings.openAiBaseUrl();
    }

    /**
     * The services' environment. The simulator also stands in for the operator's accounts and presets services
     * (docs/UPSTREAMS.md); with the real OpenAI they stay off unless the user sets their URLs.
     */
    ServiceEnvironment serviceEnvironment() {
        return new ServiceEnvironment(kafkaBootstrapServers(), jdbcUrl(), PostgresServer.USERNAME, PostgresServer.PASSWORD,
                home.adminToken(), openAiBaseUrl(),
                settings.usingSimulator() ? "sk-local-simulator" : settings.openAiApiKey(),
                settings.usingSimulator() ? simulatorUrl() : null, s3Access());
    }
}
