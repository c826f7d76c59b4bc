package dev.overtime.localinfra.stack;

import dev.overtime.localinfra.S3ProxyServer;

/**
 * S3Proxy kept in {@code .overtime/s3} (objects under {@code data/<bucket>}), the services' object store. It is
 * launched first and awaited last, so its JVM boots while PostgreSQL and Kafka start.
 */
final class S3Component implements Component {

    private static final String NAME = "s3";

    private final StackContext context;

    S3Component(StackContext context) {
        this.context = context;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int port() {
        return context.s3Port();
    }

    @Override
    public boolean infrastructure() {
        return true;
    }

    @Override
    public void start() {
        if (RememberedPorts.inUse(port())) {
            throw new IllegalStateException("port " + port() + " is taken by another process; " + NAME + " needs it");
        }
        StackHome home = context.home();
        S3ProxyServer server = S3ProxyServer.in(home.dir(NAME), port(), home.log(NAME),
                context.s3Access().accessKey(), context.s3Access().secretKey());
        Console.say("starting S3Proxy on " + server.endpoint() + " (bucket " + context.s3Access().bucket() + ")");
        long pid = server.launch(true).pid();
        home.recordPid(NAME, pid);
        Console.say(NAME + " started (pid " + pid + ", log " + server.log() + ")");
    }

    @Override
    public void awaitReady() {
        StackHome home = context.home();
        S3ProxyServer.awaitAnswering(context.s3Access().endpoint(), () -> home.runningPid(NAME).isPresent(), home.log(NAME),
                context.settings().healthTimeout());
        Console.say(NAME + " is ready at " + context.s3Access().endpoint());
    }

    @Override
    public void stop() {
        ProcessComponents.stop(context.home(), NAME, context.settings().stopGrace());
    }

    @Override
    public String health() {
        return S3ProxyServer.answering(context.s3Access().endpoint()) ? "answering" : "not answering";
    }
}
