package dev.overtime.worker.edit.messaging;

/** A request record no worker can ever run; the channel's failure strategy sends it to the dead-letter topic. */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String reason) {
        super(reason, null, false, false);
    }
}
