package dev.overtime.worker.edit.client;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * A streamed call returns a {@code Multi} of events, which has no room for a status or headers; this mapper turns an
 * error answer (whose body the client has read whole) into an {@link UpstreamHttpError} that keeps them.
 */
final class StreamErrorMapper implements ResponseExceptionMapper<UpstreamHttpError> {

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status != 200;
    }

    @Override
    public UpstreamHttpError toThrowable(Response response) {
        int status = response.getStatus();
        byte[] body = response.hasEntity() ? response.readEntity(byte[].class) : new byte[0];
        return new UpstreamHttpError(status, response.getHeaderString(OpenAiImageEditClient.REQUEST_ID_HEADER), body,
                RetryHints.from(status, response::getHeaderString));
    }
}
