package dev.streamscore.model.features;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/**
 * Reads fields of an Avro {@link GenericRecord} of any schema; a dotted path reaches into nested
 * records and into maps by key (through nullable unions too): {@code context.country} is the
 * {@code country} entry of a {@code map<string,string>} field {@code context}. Avro's {@code Utf8}
 * and enum symbols come back as-is; the vectorizer turns them into strings.
 *
 * <p>A {@code decimal} logical type comes back as a {@link java.math.BigDecimal}: producers of money
 * amounts commonly write {@code bytes} or {@code fixed} with {@code logicalType: decimal}, which a
 * generic reader without conversions leaves as raw two's-complement bytes, not a number. A
 * {@code timestamp-millis}, {@code -micros} or {@code -nanos} comes back as an {@link Instant}:
 * read as a plain long, an event time in microseconds (Debezium, Spark) would be taken for
 * milliseconds and land some 50,000 years in the future.
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
            Schema container = containerSchema(schema);
            if (container == null) {
                return false;
            }
            if (container.getType() == Schema.Type.MAP) {
                // Any key may be there: a key a record lacks reads as a missing value, not as a schema mismatch.
                schema = container.getValueType();
            } else if (container.getField(part) != null) {
                schema = container.getField(part).schema();
            } else {
                return false;
            }
        }
        return true;
    }

    @Override
    public Object get(String path) {
        Object current = record;
        Schema schema = record.getSchema();
        for (String part : path.split("\\.")) {
            if (current instanceof GenericRecord nested) {
                Schema.Field field = nested.getSchema().getField(part);
                if (field == null) {
                    return null;
                }
                schema = field.schema();
                current = nested.get(part);
            } else if (current instanceof Map<?, ?> map) {
                Schema mapSchema = branch(schema, Schema.Type.MAP);
                if (mapSchema == null) {
                    return null;
                }
                schema = mapSchema.getValueType();
                // Generic readers give Utf8 keys; specific or avro.java.string=String ones give String.
                Object value = map.get(new Utf8(part));
                current = value != null ? value : map.get(part);
            } else {
                return null;
            }
        }
        return logical(schema, current);
    }

    /** Decimals as BigDecimal and UTC timestamps as Instant; any other value as it is. */
    private static Object logical(Schema schema, Object value) {
        if (value instanceof Long number) {
            Schema branch = branch(schema, Schema.Type.LONG);
            LogicalType logical = branch == null ? null : branch.getLogicalType();
            if (logical instanceof LogicalTypes.TimestampMillis) {
                return Instant.ofEpochMilli(number);
            }
            if (logical instanceof LogicalTypes.TimestampMicros) {
                return Instant.ofEpochSecond(Math.floorDiv(number, 1_000_000L), Math.floorMod(number, 1_000_000L) * 1_000L);
            }
            if (logical instanceof LogicalTypes.TimestampNanos) {
                return Instant.ofEpochSecond(Math.floorDiv(number, 1_000_000_000L), Math.floorMod(number, 1_000_000_000L));
            }
            return value;
        }
        return decimal(schema, value);
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

    /** The first of {@code schema}, or of its union branches, that is a decimal of {@code type}; null if none. */
    private static Schema decimalBranch(Schema schema, Schema.Type type) {
        for (Schema candidate : alternatives(schema)) {
            if (candidate.getType() == type && candidate.getLogicalType() instanceof LogicalTypes.Decimal) {
                return candidate;
            }
        }
        return null;
    }

    /** {@code schema} if it is of {@code type}, else its first union branch of that type; null if none. */
    private static Schema branch(Schema schema, Schema.Type type) {
        for (Schema candidate : alternatives(schema)) {
            if (candidate.getType() == type) {
                return candidate;
            }
        }
        return null;
    }

    private static List<Schema> alternatives(Schema schema) {
        return schema.getType() == Schema.Type.UNION ? schema.getTypes() : List.of(schema);
    }

    /** The record or map schema, or the first record or map branch of a union; null for anything else. */
    private static Schema containerSchema(Schema schema) {
        for (Schema candidate : alternatives(schema)) {
            if (candidate.getType() == Schema.Type.RECORD || candidate.getType() == Schema.Type.MAP) {
                return candidate;
            }
        }
        return null;
    }
}
