package dev.overtime.api.imageedit.validation;

/** One accepted upload: the bytes as sent, and what reading them proved. */
public record UploadedImage(String filename, byte[] bytes, InspectedImage inspected) {

    public String contentType() {
        return inspected.format().contentType();
    }
}
