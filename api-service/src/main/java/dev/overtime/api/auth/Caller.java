package dev.overtime.api.auth;

import jakarta.enterprise.context.RequestScoped;

/** Who is calling: set by {@link ApiKeyFilter} once the bearer key checked out. */
@RequestScoped
public class Caller {

    private String owner;

    void authenticatedAs(String owner) {
        this.owner = owner;
    }

    public String owner() {
        if (owner == null) {
            throw new IllegalStateException("no authenticated caller on this request");
        }
        return owner;
    }
}
