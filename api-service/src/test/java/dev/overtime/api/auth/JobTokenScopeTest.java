package dev.overtime.api.auth;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static dev.overtime.api.auth.JobTokenScope.Reach.NOT_ALLOWED;
import static dev.overtime.api.auth.JobTokenScope.Reach.OTHER_JOB;
import static dev.overtime.api.auth.JobTokenScope.Reach.WITHIN;
import static org.junit.jupiter.api.Assertions.assertEquals;

class JobTokenScopeTest {

    private static final UUID JOB = UUID.randomUUID();
    private static final String MINE = "/v1/image-edits/" + JOB;
    private static final String OTHER = "/v1/image-edits/" + UUID.randomUUID();

    @Test
    void readsOfItsJobAreWithin() {
        for (String read : List.of("", "/events", "/outputs/0", "/outputs/1/variants/thumb", "/partial-images/0")) {
            assertEquals(WITHIN, JobTokenScope.of(HttpMethod.GET, MINE + read, JOB), read);
        }
        assertEquals(WITHIN, JobTokenScope.of(HttpMethod.GET, "/v1/image-edits/" + JOB.toString().toUpperCase(), JOB));
    }

    @Test
    void anythingAboutAnotherJobIsAnotherJob() {
        assertEquals(OTHER_JOB, JobTokenScope.of(HttpMethod.GET, OTHER, JOB));
        assertEquals(OTHER_JOB, JobTokenScope.of(HttpMethod.GET, OTHER + "/events", JOB));
        assertEquals(OTHER_JOB, JobTokenScope.of(HttpMethod.POST, OTHER + "/cancel", JOB));
        assertEquals(OTHER_JOB, JobTokenScope.of(HttpMethod.GET, "/v1/image-edits/not-a-uuid", JOB));
    }

    @Test
    void writesListsAndOtherResourcesAreNotAllowed() {
        assertEquals(NOT_ALLOWED, JobTokenScope.of(HttpMethod.POST, MINE + "/cancel", JOB));
        assertEquals(NOT_ALLOWED, JobTokenScope.of(HttpMethod.POST, MINE + "/tokens", JOB));
        assertEquals(NOT_ALLOWED, JobTokenScope.of(HttpMethod.DELETE, MINE, JOB));
        assertEquals(NOT_ALLOWED, JobTokenScope.of(HttpMethod.GET, MINE + "/webhook-deliveries", JOB));
        assertEquals(NOT_ALLOWED, JobTokenScope.of(HttpMethod.GET, "/v1/image-edits", JOB));
        assertEquals(NOT_ALLOWED, JobTokenScope.of(HttpMethod.POST, "/v1/image-edits", JOB));
        assertEquals(NOT_ALLOWED, JobTokenScope.of(HttpMethod.GET, "/v1/presets", JOB));
        assertEquals(NOT_ALLOWED, JobTokenScope.of(HttpMethod.POST, "/v1/image-edit-batches", JOB));
    }
}
