package dev.streamscore.model.features;

import java.nio.ByteBuffer;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads fields of an Avro {@link GenericRecord} of any schema; a dotted path reaches into nested
 * records (through nullable unions too). Avro's {@code Utf8} and enum symbols come back as-is; the
 * vectorizer turns them into strings.
 *
 * <p>A {@code decimal} logical type comes back as a {@link java.math.BigDecimal}: producers of money
 * amounts commonly write {@code bytes} or {@code fixed} with {@code logicalType: decimal}, which a
 * generic reader without conversions leaves as raw two's-complement bytes, not a number.
 */
public final class AvroFieldReader implements FieldReader {
    private static final Conversions.DecimalConversion DECIMALS = new Conversions.DecimalConversion();

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
        Schema schema = null;
        for (String part : path.split("\\.")) {
            if (!(current instanceof GenericRecord nested) || nested.getSchema().getField(part) == null) {
                return null;
            }
            schema = nested.getSchema().getField(part).schema();
            current = nested.get(part);
        }
        return decimal(schema, current);
    }

    /** The value as a BigDecimal when it is the bytes or fixed of a decimal branch of {@code schema}; else as it is. */
    private static Object decimal(Schema schema, Object value) {
        if (value instanceof ByteBuffer bytes) {
            Schema branch = decimalBranch(schema, Schema.Type.BYTES);
            // duplicate(): the conversion reads the buffer, and the record must stay readable.
            return branch == null ? value : DECIMALS.fromBytes(bytes.duplicate(), branch, branch.getLogicalType());
        }
        if (value instanceof GenericFixed fixed) {
            Schema branch = decimalBranch(schema, Schema.Type.FIXED);
            return branch == null || branch.getFixedSize() != fixed.bytes().length ? value
                    : DECIMALS.fromFixed(fixed, branch, branch.getLogicalType());
        }
        return value;
    }

    private static Schema decimalBranch(Schema schema, Schema.Type type) {
        if (schema.getType() == Schema.Type.UNION) {
            for (Schema branch : schema.getTypes()) {
                if (isDecimal(branch, type)) {
                    return branch;
                }
            }
            return null;
        }
        return isDecimal(schema, type) ? schema : null;
    }

    private static boolean isDecimal(Schema schema, Schema.Type type) {
        LogicalType logical = schema.getLogicalType();
        return schema.getType() == type && logical instanceof LogicalTypes.Decimal;
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
