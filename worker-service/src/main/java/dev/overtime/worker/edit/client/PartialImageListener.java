package dev.overtime.worker.edit.client;

/** Receives the partial images of a streamed edit as they arrive, on the thread that called the client. */
@FunctionalInterface
public interface PartialImageListener {

    /**
     * {@code index} counts from 0, as OpenAI's {@code partial_image_index}; {@code image} is the decoded file in the
     * call's spool, which the listener may delete once it has stored it.
     */
    void partialImage(int index, SpooledImage image);
}
