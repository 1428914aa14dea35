package dev.streamscore.schemas.wire;

import dev.streamscore.schemas.registry.SchemaNotFoundException;
import dev.streamscore.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes Avro records into, and decodes them from, the Confluent wire format, resolving writer
 * schemas through a {@link SchemaRegistryClient} (cache it: see
 * {@link dev.streamscore.schemas.registry.SchemaRegistryClients}). Datum readers and writers are
 * built once per schema pair and reused. Thread-safe.
 */
public final class AvroWireCodec {
    private final SchemaRegistryClient registry;
    private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final Map<ReaderKey, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    public AvroWireCodec(SchemaRegistryClient registry) {
        AvroClassTrust.trustGeneratedClasses();
        this.registry = registry;
    }

    public SchemaRegistryClient registry() {
        return registry;
    }

    /** Wire-format bytes of {@code datum}, written with {@code schema}, registered as {@code schemaId}. */
    public byte[] encode(int schemaId, Schema schema, Object datum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(ConfluentWireFormat.header(schemaId));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writers.computeIfAbsent(schema, s -> writerFor(s, datum)).write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Cannot encode record with schema " + schema.getFullName()
                    + " (id " + schemaId + "): " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes wire-format bytes. With {@code readerSchema} null the record is read with its writer
     * schema as a generic record; otherwise it is resolved to the reader schema, as a specific record
     * when {@code specific} and the reader schema has a generated class.
     */
    public Object decode(byte[] data, Schema readerSchema, boolean specific) {
        int schemaId = ConfluentWireFormat.schemaId(data);
        Schema writerSchema = writerSchema(schemaId);
        Schema reader = readerSchema == null ? writerSchema : readerSchema;
        DatumReader<Object> datumReader =
                readers.computeIfAbsent(new ReaderKey(schemaId, reader, specific), k -> readerFor(k, writerSchema));
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                data, ConfluentWireFormat.HEADER_SIZE, data.length - ConfluentWireFormat.HEADER_SIZE, null);
        try {
            return datumReader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(WireFormatException.Kind.BAD_PAYLOAD, "Avro payload of " + data.length
                    + " bytes does not decode with writer schema id " + schemaId + " (" + writerSchema.getFullName()
                    + "): " + e, e);
        }
    }

    /** The writer schema of wire-format bytes, from the registry (cached). */
    public Schema writerSchema(int schemaId) {
        try {
            return registry.getById(schemaId);
        } catch (SchemaNotFoundException e) {
            throw new WireFormatException(WireFormatException.Kind.UNKNOWN_SCHEMA_ID,
                    "Schema id " + schemaId + " is unknown to the schema registry: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(Schema schema, Object datum) {
        if (datum instanceof SpecificRecord) {
            return (DatumWriter<Object>) (DatumWriter<?>) new SpecificDatumWriter<>(schema);
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    private static DatumReader<Object> readerFor(ReaderKey key, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(key.reader(), writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new WireFormatException(WireFormatException.Kind.INCOMPATIBLE_SCHEMA, "Records written with schema id "
                    + key.writerId() + " (" + writer.getFullName() + ") cannot be read as " + key.reader().getFullName()
                    + ": " + Incompatibilities.describe(compatibility.getResult()), null);
        }
        try {
            if (key.specific()) {
                return new SpecificDatumReader<>(writer, key.reader(), SpecificData.getForSchema(key.reader()));
            }
            return new GenericDatumReader<>(writer, key.reader(), GenericData.get());
        } catch (AvroTypeException e) {
            throw new WireFormatException(WireFormatException.Kind.INCOMPATIBLE_SCHEMA, e.getMessage(), e);
        }
    }

    private record ReaderKey(int writerId, Schema reader, boolean specific) {
    }
}
