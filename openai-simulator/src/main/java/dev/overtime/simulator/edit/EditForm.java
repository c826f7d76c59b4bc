package dev.overtime.simulator.edit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The multipart fields of an image edit request, as sent and not yet judged. */
public record EditForm(Map<String, String> fields, List<Upload> images, Optional<Upload> mask) {

    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }
}
