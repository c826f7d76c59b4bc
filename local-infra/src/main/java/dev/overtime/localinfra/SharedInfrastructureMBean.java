package dev.overtime.localinfra;

/**
 * The JMX face of the servers shared by the whole JVM. Only JDK types cross it, so a class loaded by any
 * Quarkus test application's classloader can use servers that another classloader started.
 */
public interface SharedInfrastructureMBean {

    String getKafkaBootstrapServers();

    String getJdbcUrl();

    String getUsername();

    String getPassword();

    String getS3Endpoint();

    String getS3Bucket();

    String getS3AccessKey();

    String getS3SecretKey();

    void restartPostgres();

    void takeDownPostgres();

    void bringUpPostgres();
}
