package dev.streamscore.schemas.registry;

/** The registry refused the credentials (HTTP 401) or the permission (HTTP 403). */
public class SchemaRegistryAuthException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaRegistryAuthException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, httpStatus, errorCode, cause);
    }

    public SchemaRegistryAuthException(String message) {
        super(message);
    }
}
