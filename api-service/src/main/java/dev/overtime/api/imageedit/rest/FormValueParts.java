package dev.overtime.api.imageedit.rest;

import dev.overtime.api.imageedit.validation.FormPart;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Adapts Quarkus REST's multipart values to the validator's {@link FormPart}. */
final class FormValueParts {

    private FormValueParts() {
    }

    static List<FormPart> of(MultipartFormDataInput input) {
        List<FormPart> parts = new ArrayList<>();
        input.getValues().forEach((name, values) -> values.forEach(value -> parts.add(new Part(name, value))));
        return parts;
    }

    private record Part(String name, FormValue value) implements FormPart {

        @Override
        public boolean isFile() {
            return value.isFileItem();
        }

        @Override
        public String filename() {
            return value.getFileName();
        }

        @Override
        public String text() {
            return value.isFileItem() ? null : value.getValue();
        }

        @Override
        public long size() throws IOException {
            return value.isFileItem() ? value.getFileItem().getFileSize() : 0;
        }

        @Override
        public InputStream open() throws IOException {
            return value.getFileItem().getInputStream();
        }

        @Override
        public Path path() {
            // handle-file-uploads=true: every file part is on disk, whatever its size.
            return value.getFileItem().getFile();
        }
    }
}
