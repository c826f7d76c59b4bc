package dev.overtime.localinfra;

import java.lang.management.ManagementFactory;
import java.util.Map;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * The one real Kafka broker, PostgreSQL server and S3 server that every test in this JVM shares, started on first use
 * and stopped when the JVM exits.
 *
 * <p>Quarkus gives each test application its own classloader, so a static field would hold one pair of
 * servers per application. The running servers are registered in the platform MBean server instead, which
 * all classloaders see.
 */
public final class RealInfrastructure {

    // A string literal is interned JVM-wide: every classloader that loads this class locks the same monitor.
    private static final String JVM_WIDE_LOCK = "dev.overtime.localinfra.RealInfrastructure";
    private static final String MBEAN_NAME = "dev.overtime.localinfra:type=SharedInfrastructure";

    private final MBeanServer mbeans;
    private final ObjectName name;
    private final String kafkaBootstrapServers;
    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final S3Access s3;

    private RealInfrastructure(MBeanServer mbeans, ObjectName name) throws JMException {
        this.mbeans = mbeans;
        this.name = name;
        this.kafkaBootstrapServers = (String) mbeans.getAttribute(name, "KafkaBootstrapServers");
        this.jdbcUrl = (String) mbeans.getAttribute(name, "JdbcUrl");
        this.username = (String) mbeans.getAttribute(name, "Username");
        this.password = (String) mbeans.getAttribute(name, "Password");
        this.s3 = new S3Access((String) mbeans.getAttribute(name, "S3Endpoint"), (String) mbeans.getAttribute(name, "S3Bucket"),
                (String) mbeans.getAttribute(name, "S3AccessKey"), (String) mbeans.getAttribute(name, "S3SecretKey"));
    }

    /** The shared servers, starting them (in parallel, with the services' topics) if this JVM has none yet. */
    public static RealInfrastructure get() {
        synchronized (JVM_WIDE_LOCK) {
            try {
                MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
                ObjectName name = new ObjectName(MBEAN_NAME);
                if (!mbeans.isRegistered(name)) {
                    startAndRegister(mbeans, name);
                }
                return new RealInfrastructure(mbeans, name);
            } catch (JMException e) {
                throw new IllegalStateException("shared test infrastructure registry failed", e);
            }
        }
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The S3 server (S3Proxy) with the services' bucket, and the keys it checks signatures against. */
    public S3Access s3() {
        return s3;
    }

    /** Creates each missing topic with the given number of partitions. */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        KafkaTopics.create(kafkaBootstrapServers, partitionsByTopic);
    }

    /** Restarts PostgreSQL on the same port; committed data survives, open connections break. */
    public void restartPostgres() {
        invoke("restartPostgres");
    }

    /** Stops PostgreSQL (keeping its data) until {@link #bringUpPostgres()}, to test outages. */
    public void takeDownPostgres() {
        invoke("takeDownPostgres");
    }

    public void bringUpPostgres() {
        invoke("bringUpPostgres");
    }

    private void invoke(String operation) {
        try {
            mbeans.invoke(name, operation, new Object[0], new String[0]);
        } catch (JMException e) {
            throw new IllegalStateException(operation + " failed", e.getCause() != null ? e.getCause() : e);
        }
    }

    private static void startAndRegister(MBeanServer mbeans, ObjectName name) throws JMException {
        SharedInfrastructure servers = SharedInfrastructure.start();
        Runtime.getRuntime().addShutdownHook(new Thread(servers::stop, "overtime-local-infra-stop"));
        mbeans.registerMBean(new StandardMBean(servers, SharedInfrastructureMBean.class), name);
    }
}
