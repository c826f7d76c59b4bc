package dev.overtime.localinfra.stack;

import java.nio.file.Path;

import dev.overtime.localinfra.PostgresServer;

/** PostgreSQL kept in {@code .overtime/postgres}, run as the postgres OS user when we are root. */
final class PostgresComponent extends InfrastructureComponent {

    private static final String NAME = "postgres";

    PostgresComponent(StackContext context) {
        super(context, NAME, StackContext::postgresPort);
    }

    @Override
    public void start() {
        Path log = context.home().log(NAME);
        try {
            PostgresServer server = PostgresServer.startKept(dataDir(), port(), log, Console::say);
            context.home().recordPid(NAME, server.pid());
        } catch (RuntimeException e) {
            throw new IllegalStateException("PostgreSQL did not start; see " + log + "\n" + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        StackHome home = context.home();
        home.runningPid(NAME).ifPresent(pid -> {
            Console.say("stopping " + NAME + " (pid " + pid + ")");
            try {
                PostgresServer.kept(dataDir(), port(), home.log(NAME)).takeDown();
            } catch (RuntimeException e) {
                Console.say("pg_ctl could not stop PostgreSQL (" + e.getMessage().lines().findFirst().orElse("") + "); signalling it");
                ProcessComponents.stop(home, NAME, context.settings().stopGrace());
            }
        });
        home.forgetPid(NAME);
    }

    private Path dataDir() {
        return context.home().dir("postgres");
    }
}
