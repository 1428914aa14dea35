package dev.streamscore.drift.query;

/**
 * The answer to an interactive query: an HTTP status and a body that serializes to JSON (maps,
 * lists, strings, numbers).
 */
public record QueryResult(int status, Object body) {
    public static QueryResult ok(Object body) {
        return new QueryResult(200, body);
    }

    public static QueryResult error(int status, String message) {
        return new QueryResult(status, java.util.Map.of("error", message));
    }
}
