package dev.overtime.simulator.edit;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/** Reads OpenAI's multipart form, where images come as {@code image} or as repeated {@code image[]}. */
@ApplicationScoped
public class EditFormReader {

    public EditForm read(MultipartFormDataInput input) {
        Map<String, String> fields = new HashMap<>();
        List<Upload> images = new ArrayList<>();
        Upload mask = null;
        for (Map.Entry<String, Collection<FormValue>> entry : input.getValues().entrySet()) {
            String name = entry.getKey();
            for (FormValue value : entry.getValue()) {
                switch (name) {
                    case "image", "image[]" -> images.add(upload("image", value));
                    case "mask" -> mask = upload("mask", value);
                    default -> fields.putIfAbsent(name, value.isFileItem() ? text(value) : value.getValue());
                }
            }
        }
        return new EditForm(fields, List.copyOf(images), Optional.ofNullable(mask));
    }

    private static Upload upload(String field, FormValue value) {
        if (!value.isFileItem()) {
            // A plain text field where a file belongs: its bytes get judged like any upload (and fail the sniff).
            byte[] bytes = value.getValue() == null ? new byte[0] : value.getValue().getBytes(StandardCharsets.UTF_8);
            return new Upload(field, null, bytes.length, () -> bytes);
        }
        var item = value.getFileItem();
        long size;
        try {
            size = item.getFileSize();
        } catch (IOException e) {
            size = -1;
        }
        return new Upload(field, value.getFileName(), size, () -> {
            try (InputStream in = item.getInputStream()) {
                return in.readAllBytes();
            }
        });
    }

    private static String text(FormValue value) {
        try (InputStream in = value.getFileItem().getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
