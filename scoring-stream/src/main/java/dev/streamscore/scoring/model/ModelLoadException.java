package dev.streamscore.scoring.model;

/** A model update that cannot be served; the message says why, for the log, the metric and the alert. */
public class ModelLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public ModelLoadException(String message) {
        super(message);
    }
}
