package dev.overtime.localinfra;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns the in-process broker's INFO chatter down to WARN, whichever backend this JVM routes SLF4J to. */
final class KafkaLogging {

    private static final List<String> BROKER_CATEGORIES = List.of("kafka", "org.apache.kafka", "state.change.logger");

    // JUL holds loggers weakly; keeping them here keeps the level we set. Under Quarkus tests JUL *is*
    // JBoss LogManager, which is where slf4j-jboss-logmanager sends the broker's SLF4J calls.
    private static final List<Logger> HELD = new ArrayList<>();

    private KafkaLogging() {
    }

    static synchronized void quiet() {
        for (String category : BROKER_CATEGORIES) {
            Logger logger = Logger.getLogger(category);
            if (logger.getLevel() == null) {
                logger.setLevel(Level.WARNING);
            }
            HELD.add(logger);
            // slf4j-simple (plain JUnit and the standalone broker) reads levels from system properties once;
            // a level the user already chose wins.
            String simpleLoggerKey = "org.slf4j.simpleLogger.log." + category;
            if (System.getProperty(simpleLoggerKey) == null) {
                System.setProperty(simpleLoggerKey, "warn");
            }
        }
    }
}
