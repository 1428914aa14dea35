package dev.streamscore.schemas.registry;

/** The registry could not be reached or did not answer in time, or kept answering 5xx, after all retries. */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryUnavailableException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, httpStatus, errorCode, cause);
    }

    public SchemaRegistryUnavailableException(String message) {
        super(message);
    }
}
