package dev.overtime.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    private final RealInfrastructure infrastructure = RealInfrastructure.get();

    @Test
    void acceptsTheOvertimeUserOverJdbc() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select version(), current_user, current_database()")) {
            result.next();
            assertTrue(result.getString(1).startsWith("PostgreSQL"), result.getString(1));
            assertEquals("overtime", result.getString(2));
            assertEquals("overtime", result.getString(3));
        }
    }

    @Test
    void keepsCommittedDataAcrossARestart() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("create table restart_probe (id int primary key)");
            statement.execute("insert into restart_probe values (42)");
        }

        infrastructure.restartPostgres();

        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select id from restart_probe")) {
            result.next();
            assertEquals(42, result.getInt(1));
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.username(), infrastructure.password());
    }
}
