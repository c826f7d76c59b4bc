package dev.overtime.api.imageedit.rest;

import dev.overtime.api.imageedit.view.JobJson;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Sends a status answer's bytes as they were rendered: a hot read serialises nothing. */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class JobJsonWriter implements MessageBodyWriter<JobJson> {

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JobJson.class;
    }

    @Override
    public long getSize(JobJson job, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return job.bytes().length;
    }

    @Override
    public void writeTo(JobJson job, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        out.write(job.bytes());
    }
}
