package dev.streamscore.model.features;

/**
 * Read access to the fields of one input record, whatever it is: an Avro record of the producer's
 * schema, a CSV row, a map.
 */
public interface FieldReader {
    /** Whether the record has a field at this path at all (its schema or header knows it). */
    boolean has(String path);

    /** The value at this path; null when the field is there but has no value. */
    Object get(String path);
}
