package dev.streamscore.model.features;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads fields of an Avro {@link GenericRecord} of any schema; a dotted path reaches into nested
 * records (through nullable unions too). Avro's {@code Utf8} and enum symbols come back as-is; the
 * vectorizer turns them into strings.
 */
public final class AvroFieldReader implements FieldReader {
    private final GenericRecord record;

    public AvroFieldReader(GenericRecord record) {
        this.record = record;
    }

    @Override
    public boolean has(String path) {
        Schema schema = record.getSchema();
        for (String part : path.split("\\.")) {
            schema = recordSchema(schema);
            if (schema == null || schema.getField(part) == null) {
                return false;
            }
            schema = schema.getField(part).schema();
        }
        return true;
    }

    @Override
    public Object get(String path) {
        Object current = record;
        for (String part : path.split("\\.")) {
            if (!(current instanceof GenericRecord nested) || nested.getSchema().getField(part) == null) {
                return null;
            }
            current = nested.get(part);
        }
        return current;
    }

    private static Schema recordSchema(Schema schema) {
        if (schema.getType() == Schema.Type.RECORD) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema branch : schema.getTypes()) {
                if (branch.getType() == Schema.Type.RECORD) {
                    return branch;
                }
            }
        }
        return null;
    }
}
