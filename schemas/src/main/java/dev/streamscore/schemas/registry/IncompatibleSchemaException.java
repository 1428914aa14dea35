package dev.streamscore.schemas.registry;

/** The registry refused a schema (HTTP 409) because it breaks the subject's compatibility level. */
public class IncompatibleSchemaException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public IncompatibleSchemaException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, httpStatus, errorCode, cause);
    }

    public IncompatibleSchemaException(String message) {
        super(message);
    }
}
