package dev.overtime.api.upstream;

import dev.overtime.api.request.CurrentRequestId;
import dev.overtime.api.request.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/** Sends the request's X-Request-Id to every upstream, so one id follows a request across services. */
@ApplicationScoped
public class ForwardRequestId implements ClientHeadersFactory {

    private final CurrentRequestId requestId;

    public ForwardRequestId(CurrentRequestId requestId) {
        this.requestId = requestId;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle(RequestIds.HEADER, requestId.get());
        return headers;
    }
}
