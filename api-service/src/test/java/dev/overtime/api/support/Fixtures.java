package dev.overtime.api.support;

import dev.overtime.api.auth.ApiKeyService;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Test-side access to keys and rows: a fresh owner per test keeps counts independent. */
@ApplicationScoped
public class Fixtures {

    private final ApiKeyService keys;
    private final AgroalDataSource dataSource;

    public Fixtures(ApiKeyService keys, AgroalDataSource dataSource) {
        this.keys = keys;
        this.dataSource = dataSource;
    }

    public Caller newCaller() {
        String owner = "owner-" + UUID.randomUUID();
        ApiKeyService.IssuedKey issued = keys.issue(owner);
        return new Caller(owner, issued.key(), issued.id());
    }

    public long countRows(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String textOf(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long jobsOf(String owner) {
        return countRows("select count(*) from image_edit_jobs where owner = ?", owner);
    }

    /** The owner's job ids, newest first. */
    public java.util.List<String> jobIdsOf(String owner) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select id from image_edit_jobs where owner = ? order by created_at desc")) {
            s.setString(1, owner);
            java.util.List<String> ids = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Caller(String owner, String key, UUID keyId) {
        public String bearer() {
            return "Bearer " + key;
        }
    }
}
