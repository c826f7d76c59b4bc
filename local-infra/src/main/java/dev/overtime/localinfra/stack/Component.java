package dev.overtime.localinfra.stack;

/**
 * One server or service of the local stack. Adding one (a storage server, say) is a class implementing this
 * and a line in {@link LocalStack}'s list; its pid, log and port follow from its {@link #name()}.
 */
interface Component {

    /** Names its pid file, its log ({@code .overtime/logs/<name>.log}) and its line in {@code status}. */
    String name();

    /** The port it listens on, for {@code status}. */
    int port();

    /** Infrastructure starts before the services, and alone under {@code OVERTIME_INFRA_ONLY=1}. */
    boolean infrastructure();

    /** Whether {@code up} wants it with these settings (the simulator only when no OpenAI key is given). */
    default boolean wanted() {
        return true;
    }

    /**
     * Starts it; it is known not to be running. Most infrastructure returns once usable; a service (and S3, which
     * boots alongside the others) once launched.
     */
    void start();

    /** Returns once it is ready, or fails saying where to look; most infrastructure is ready when started. */
    default void awaitReady() {
    }

    /** Stops it if it runs, and forgets its pid. */
    void stop();

    /** A word for {@code status}'s HEALTH column while it runs. */
    String health();
}
