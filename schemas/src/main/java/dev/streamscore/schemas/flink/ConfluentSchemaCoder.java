package dev.streamscore.schemas.flink;

import dev.streamscore.schemas.registry.SchemaRegistryClient;
import dev.streamscore.schemas.wire.ConfluentWireFormat;
import dev.streamscore.schemas.wire.WireFormatException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.avro.Schema;
import org.apache.flink.formats.avro.SchemaCoder;

/**
 * Flink's {@link SchemaCoder} for the Confluent wire format: writes the magic byte and the schema id
 * (registering the schema under the subject, or looking it up), and reads them back to the writer
 * schema. With flink-avro's {@code RegistryAvro(De)SerializationSchema} it gives byte-for-byte the
 * same records as Confluent's serializers.
 */
final class ConfluentSchemaCoder implements SchemaCoder {
    private final String subject;
    private final boolean autoRegister;
    private final SchemaRegistryClient registry;

    ConfluentSchemaCoder(String subject, boolean autoRegister, SchemaRegistryClient registry) {
        this.subject = subject;
        this.autoRegister = autoRegister;
        this.registry = registry;
    }

    @Override
    public Schema readSchema(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int magic = data.read();
        if (magic != ConfluentWireFormat.MAGIC_BYTE) {
            throw new WireFormatException(magic < 0 ? WireFormatException.Kind.EMPTY : WireFormatException.Kind.BAD_MAGIC_BYTE,
                    String.format("First byte is %s, not the magic byte 0x00: not Confluent wire format",
                            magic < 0 ? "missing" : String.format("0x%02x", magic)), null);
        }
        int schemaId;
        try {
            schemaId = data.readInt();
        } catch (IOException e) {
            throw new WireFormatException(WireFormatException.Kind.TRUNCATED_HEADER,
                    "Record is shorter than the 5-byte wire-format header", e);
        }
        try {
            return registry.getById(schemaId);
        } catch (dev.streamscore.schemas.registry.SchemaNotFoundException e) {
            throw new WireFormatException(WireFormatException.Kind.UNKNOWN_SCHEMA_ID,
                    "Schema id " + schemaId + " is unknown to the schema registry: " + e.getMessage(), e);
        }
    }

    @Override
    public void writeSchema(Schema schema, OutputStream out) throws IOException {
        if (subject == null) {
            throw new IllegalStateException("This schema coder was built for reading only (no subject)");
        }
        int id = autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema).id();
        out.write(ConfluentWireFormat.header(id));
    }
}
