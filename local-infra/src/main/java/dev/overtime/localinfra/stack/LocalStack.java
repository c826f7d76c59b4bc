package dev.overtime.localinfra.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole system on this machine without Docker: S3, PostgreSQL, Kafka, the simulator, the API and the worker
 * as processes that outlive the command starting them, with their state in {@code <repository>/.overtime}.
 * {@code ./overtime} calls {@link #main}; Java callers use {@link #at(Path)} and {@link #up()} / {@link #down()}.
 */
public final class LocalStack {

    private final StackContext context;
    // Start order; down goes backwards. A new server is one Component class and one line here. S3 comes first: it
    // only launches in start() and is awaited after the others, so its JVM boots while PostgreSQL and Kafka start.
    private final List<Component> components;

    private LocalStack(StackContext context) {
        this.context = context;
        this.components = List.of(
                new S3Component(context),
                new PostgresComponent(context),
                new KafkaComponent(context),
                ServiceComponent.simulator(context),
                ServiceComponent.api(context),
                ServiceComponent.worker(context));
    }

    /** The stack of the repository at {@code repository}, with the knobs in this process's environment. */
    public static LocalStack at(Path repository) {
        return new LocalStack(StackContext.of(new StackHome(repository), StackSettings.from(System.getenv())));
    }

    /**
     * Starts what is not running (only the infrastructure under {@code OVERTIME_INFRA_ONLY=1}), then creates an
     * API key, writes {@code .overtime/stack.env} and runs the sample edit; returns how to reach the stack.
     */
    public StackEnv up() {
        StackSettings settings = context.settings();
        List<Component> infrastructure = components.stream().filter(c -> c.wanted() && c.infrastructure()).toList();
        infrastructure.forEach(this::startUnlessRunning);
        // The services find their infrastructure answering when they start.
        infrastructure.forEach(Component::awaitReady);
        if (settings.infrastructureOnly()) {
            Console.say("OVERTIME_INFRA_ONLY=1: PostgreSQL at " + context.jdbcUrl() + ", Kafka at " + context.kafkaBootstrapServers()
                    + ", S3 at " + context.s3Access().endpoint());
            return env(null);
        }
        if (!settings.usingSimulator()) {
            Console.say("OPENAI_API_KEY is set: using " + context.openAiBaseUrl() + ", no simulator");
        }
        List<Component> services = components.stream().filter(c -> c.wanted() && !c.infrastructure()).toList();
        services.forEach(this::startUnlessRunning);
        services.forEach(Component::awaitReady);
        Console.say("creating an API key for owner 'local'");
        ApiClient api = new ApiClient(context.apiUrl());
        StackEnv env = env(api.createApiKey(context.home().adminToken(), "local"));
        context.home().writePrivate(context.home().stackEnv(), "# Written by ./overtime up; source it to talk to the local stack.\n" + env.lines());
        new SampleEdit(context, api).run(env.apiKey());
        Console.say("API:     " + env.apiUrl());
        Console.say("API key: " + env.apiKey());
        // In the fragment, which no server or Referer sees; the page asks before it takes the key.
        Console.say("page:    " + env.apiUrl() + "/#key=" + env.apiKey());
        Console.say("metrics: " + env.apiManagementUrl() + "/q/metrics, " + env.workerManagementUrl() + "/q/metrics");
        Console.say("stack:   " + context.home().stackEnv());
        return env;
    }

    /** Stops everything, newest first. */
    public void down() {
        components.reversed().forEach(Component::stop);
        Console.say("all stopped");
    }

    /** One line per component: running or stopped, pid, port, health. */
    public String status() {
        StringBuilder table = new StringBuilder(row("COMPONENT", "STATE", "PID", "PORT", "HEALTH"));
        for (Component component : components) {
            String port = Integer.toString(component.port());
            Optional<Long> pid = context.home().runningPid(component.name());
            table.append(pid.isPresent()
                    ? row(component.name(), "running", pid.get().toString(), port, component.health())
                    : row(component.name(), "stopped", "-", port, "-"));
        }
        return table.toString();
    }

    /** A new API key for {@code owner}, from the running API. */
    public String newApiKey(String owner) {
        if (context.home().runningPid("api").isEmpty()) {
            throw new IllegalStateException("the API is not running (./overtime up)");
        }
        return new ApiClient(context.apiUrl()).createApiKey(context.home().adminToken(), owner);
    }

    /** The stack's addresses without an API key ({@code env}), for scripts that start services of their own. */
    public StackEnv env(String apiKey) {
        return new StackEnv(context.apiUrl(), apiKey, context.apiManagementUrl(), context.workerManagementUrl(),
                context.kafkaBootstrapServers(), context.jdbcUrl(),
                context.openAiBaseUrl(), context.home().adminToken(), context.s3Access());
    }

    private void startUnlessRunning(Component component) {
        Optional<Long> pid = context.home().runningPid(component.name());
        if (pid.isPresent()) {
            Console.say(component.name() + " already running (pid " + pid.get() + ")");
        } else {
            component.start();
        }
    }

    private static String row(String component, String state, String pid, String port, String health) {
        return "%-10s %-8s %-8s %-6s %s%n".formatted(component, state, pid, port, health);
    }

    /** {@code LocalStack <repository> up|down|status|key <owner>|env}; failures print {@code overtime: <why>}, exit 1. */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: LocalStack <repository> up|down|status|key <owner>|env");
            System.exit(2);
        }
        try {
            LocalStack stack = at(Path.of(args[0]).toAbsolutePath());
            switch (args[1]) {
                case "up" -> stack.up();
                case "down" -> stack.down();
                case "status" -> System.out.print(stack.status());
                case "key" -> {
                    if (args.length != 3) {
                        throw new IllegalArgumentException("usage: ./overtime key <owner>");
                    }
                    System.out.println(stack.newApiKey(args[2]));
                }
                case "env" -> System.out.print(stack.env(null).lines());
                default -> throw new IllegalArgumentException("unknown command: " + args[1]);
            }
        } catch (RuntimeException e) {
            System.err.println("overtime: " + e.getMessage());
            System.exit(1);
        }
        // Kafka's admin client and HTTP client threads must not keep the command alive.
        System.exit(0);
    }
}
