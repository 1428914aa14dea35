package dev.streamscore.local;

/** The local stack could not start, become ready, or create its topics. The message says why and where the logs are. */
public class LocalStackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
