package dev.streamscore.drift.serde;

import dev.streamscore.schemas.wire.AvroClassTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain Avro binary of a generated class in this build's schema, for drift-stream's own
 * repartition topics and state stores: only drift-stream reads them, so they need no registry
 * round trip. The schema is not in the bytes, so a release that changes these Avro schemas must
 * be deployed with fresh internal topics (or a reset), as the README says.
 */
public final class AvroBinary<T extends SpecificRecord> {
    private final Schema schema;
    // Made once: a reader made per record resolved the schema against itself on every decode (a
    // twentieth of drift-stream's stream threads). Both are safe to share between threads.
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;

    public AvroBinary(Class<T> type) {
        // Avro 1.12 loads no class named by a schema unless trusted; trust the generated ones.
        AvroClassTrust.trustGeneratedClasses();
        this.schema = SpecificData.get().getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema);
        this.reader = new SpecificDatumReader<>(schema);
    }

    public byte[] encode(T record) {
        ByteArrayOutput out = new ByteArrayOutput(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public T decode(byte[] bytes) {
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            return reader.read(null, decoder);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot decode " + schema.getName() + " state", e);
        }
    }
}
