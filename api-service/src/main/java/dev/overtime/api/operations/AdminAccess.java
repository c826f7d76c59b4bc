package dev.overtime.api.operations;

import dev.overtime.api.config.ApiConfig;
import dev.overtime.api.error.ApiException;
import dev.overtime.common.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks the operator's bearer token ({@code overtime.api.admin-token}) on {@code /admin} endpoints. */
@ApplicationScoped
public class AdminAccess {

    private final ApiConfig config;

    public AdminAccess(ApiConfig config) {
        this.config = config;
    }

    public void require(String authorization) {
        String expected = config.adminToken().filter(t -> !t.isBlank())
                .orElseThrow(() -> new ApiException(ErrorCode.FORBIDDEN,
                        "The admin API is disabled: set overtime.api.admin-token."));
        String presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7).trim() : "";
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "Send Authorization: Bearer <admin token>.");
        }
    }
}
