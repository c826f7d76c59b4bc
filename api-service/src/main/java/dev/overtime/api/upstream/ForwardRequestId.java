package dev.overtime.api.upstream;

import dev.overtime.api.request.RequestIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;
import org.jboss.logging.MDC;

/** Sends the request's X-Request-Id to every upstream, so one id follows a request across services. */
@ApplicationScoped
public class ForwardRequestId implements ClientHeadersFactory {

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
                                                 MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        Object id = MDC.get(RequestIds.MDC_KEY);
        if (id != null) {
            headers.putSingle(RequestIds.HEADER, id.toString());
        }
        return headers;
    }
}
