package dev.streamscore.drift.serde;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.join.JoinInput;
import dev.streamscore.drift.join.PendingLabel;
import dev.streamscore.drift.join.PendingPredictions;
import dev.streamscore.drift.watermark.InputProgress;
import dev.streamscore.drift.watermark.InputSource;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary forms of the join's records and state: a format byte, then small headers and the Avro
 * binary of the predictions and labels, each length-prefixed. Format 2 (progress records in the
 * join's input, key-value stores) replaced 1, which needs an application reset to leave.
 */
final class JoinCodecs {
    private static final byte FORMAT = 2;
    private static final byte PREDICTION_INPUT = 'P';
    private static final byte LABEL_INPUT = 'L';
    private static final byte PROGRESS_INPUT = 'W';
    private static final AvroBinary<Prediction> PREDICTION = new AvroBinary<>(Prediction.class);
    private static final AvroBinary<Label> LABEL = new AvroBinary<>(Label.class);

    private JoinCodecs() {
    }

    static byte[] encode(JoinInput input) {
        return write(out -> {
            if (input.isPrediction()) {
                out.writeByte(PREDICTION_INPUT);
                writePrediction(out, input.prediction());
            } else if (input.isLabel()) {
                out.writeByte(LABEL_INPUT);
                writeLabel(out, input.label());
            } else {
                InputProgress p = input.progress();
                out.writeByte(PROGRESS_INPUT);
                out.writeByte(p.source().topic().ordinal());
                out.writeInt(p.source().partition());
                out.writeLong(p.time());
                out.writeBoolean(p.idle());
            }
        });
    }

    static JoinInput decodeInput(byte[] bytes) {
        return read(bytes, in -> {
            byte type = in.readByte();
            return switch (type) {
                case PREDICTION_INPUT -> JoinInput.of(readPrediction(in));
                case LABEL_INPUT -> JoinInput.of(readLabel(in));
                case PROGRESS_INPUT -> {
                    InputSource source = new InputSource(InputSource.Topic.values()[in.readByte()], in.readInt());
                    yield JoinInput.of(new InputProgress(source, in.readLong(), in.readBoolean()));
                }
                default -> throw new IOException("Unknown join input type " + type);
            };
        });
    }

    static byte[] encode(PendingPredictions pending) {
        return write(out -> {
            out.writeInt(pending.entries().size());
            for (PendingPredictions.Entry entry : pending.entries()) {
                out.writeByte(entry.status().ordinal());
                writePrediction(out, entry.prediction());
            }
        });
    }

    static PendingPredictions decodePending(byte[] bytes) {
        return read(bytes, in -> {
            int size = in.readInt();
            List<PendingPredictions.Entry> entries = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                PendingPredictions.Status status = PendingPredictions.Status.values()[in.readByte()];
                entries.add(new PendingPredictions.Entry(readPrediction(in), status));
            }
            return new PendingPredictions(entries);
        });
    }

    static byte[] encode(PendingLabel pending) {
        return write(out -> {
            out.writeBoolean(pending.matched());
            out.writeBoolean(pending.reported());
            writeLabel(out, pending.label());
        });
    }

    static PendingLabel decodeLabel(byte[] bytes) {
        return read(bytes, in -> {
            boolean matched = in.readBoolean();
            boolean reported = in.readBoolean();
            return new PendingLabel(readLabel(in), matched, reported);
        });
    }

    private interface Writer {
        void write(DataOutput out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        try {
            ByteArrayOutput out = new ByteArrayOutput(512);
            out.writeByte(FORMAT);
            writer.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IOException("Join record has format " + format + ", this version reads " + FORMAT);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read join record", e);
        }
    }

    private static void writePrediction(DataOutput out, Prediction prediction) throws IOException {
        writeBytes(out, PREDICTION.encode(prediction));
    }

    private static Prediction readPrediction(DataInputStream in) throws IOException {
        return PREDICTION.decode(readBytes(in));
    }

    private static void writeLabel(DataOutput out, Label label) throws IOException {
        writeBytes(out, LABEL.encode(label));
    }

    private static Label readLabel(DataInputStream in) throws IOException {
        return LABEL.decode(readBytes(in));
    }

    private static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > 64 * 1024 * 1024) {
            throw new IOException("Corrupt join record: length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
