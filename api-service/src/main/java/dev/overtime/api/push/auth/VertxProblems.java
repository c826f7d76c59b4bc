package dev.overtime.api.push.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.overtime.api.error.Problem;
import dev.overtime.api.request.HttpEdgeRoutes;
import dev.overtime.common.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Answers a Vert.x route with the same problem envelope the REST endpoints use. */
@ApplicationScoped
public class VertxProblems {

    private final ObjectMapper json;

    public VertxProblems(ObjectMapper json) {
        this.json = json;
    }

    /** Call on the request's Vert.x context. */
    public void send(RoutingContext ctx, ErrorCode code, String message) {
        if (ctx.response().headWritten() || ctx.response().closed()) {
            return;
        }
        Problem problem = Problem.of(code, message, null, ctx.get(HttpEdgeRoutes.CONTEXT_KEY));
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"code\":\"" + code + "\"}";
        }
        ctx.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(body);
    }
}
