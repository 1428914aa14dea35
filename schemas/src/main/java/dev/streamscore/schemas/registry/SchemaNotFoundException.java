package dev.streamscore.schemas.registry;

/** The registry does not know the schema id, subject or version asked for (HTTP 404). */
public class SchemaNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaNotFoundException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, httpStatus, errorCode, cause);
    }

    public SchemaNotFoundException(String message) {
        super(message);
    }
}
