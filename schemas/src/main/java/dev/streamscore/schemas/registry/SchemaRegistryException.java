package dev.streamscore.schemas.registry;

/**
 * A schema registry call failed. The message says which call, against which registry, and why;
 * {@link #httpStatus()} and {@link #errorCode()} carry the registry's own codes when it answered.
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message) {
        this(message, -1, -1, null);
    }

    /** HTTP status of the registry's answer, or -1 when it did not answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's error_code (e.g. 40403 schema not found), or -1 when there was none. */
    public int errorCode() {
        return errorCode;
    }
}
