package dev.streamscore.schemas.registry;

/** The registry refused a schema as invalid (HTTP 422). */
public class InvalidSchemaException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public InvalidSchemaException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, httpStatus, errorCode, cause);
    }

    public InvalidSchemaException(String message) {
        super(message);
    }
}
