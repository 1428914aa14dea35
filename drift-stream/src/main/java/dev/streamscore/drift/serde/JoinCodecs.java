package dev.streamscore.drift.serde;

import dev.streamscore.avro.Label;
import dev.streamscore.avro.Prediction;
import dev.streamscore.drift.join.JoinInput;
import dev.streamscore.drift.join.JoinOutcome;
import dev.streamscore.drift.join.PendingLabel;
import dev.streamscore.drift.join.PendingPredictions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary forms of the join's records and state: a format byte, then small headers and the Avro
 * binary of the predictions and labels, each length-prefixed.
 */
final class JoinCodecs {
    private static final byte FORMAT = 1;
    private static final AvroBinary<Prediction> PREDICTION = new AvroBinary<>(Prediction.class);
    private static final AvroBinary<Label> LABEL = new AvroBinary<>(Label.class);

    private JoinCodecs() {
    }

    static byte[] encode(JoinInput input) {
        return write(out -> {
            out.writeBoolean(input.isPrediction());
            if (input.isPrediction()) {
                writePrediction(out, input.prediction());
            } else {
                writeLabel(out, input.label());
            }
        });
    }

    static JoinInput decodeInput(byte[] bytes) {
        return read(bytes, in -> in.readBoolean() ? JoinInput.of(readPrediction(in)) : JoinInput.of(readLabel(in)));
    }

    static byte[] encode(JoinOutcome outcome) {
        return write(out -> {
            out.writeByte(outcome.kind().ordinal());
            writePrediction(out, outcome.prediction());
            out.writeBoolean(outcome.label() != null);
            if (outcome.label() != null) {
                writeLabel(out, outcome.label());
            }
        });
    }

    static JoinOutcome decodeOutcome(byte[] bytes) {
        return read(bytes, in -> {
            JoinOutcome.Kind kind = JoinOutcome.Kind.values()[in.readByte()];
            Prediction prediction = readPrediction(in);
            Label label = in.readBoolean() ? readLabel(in) : null;
            return new JoinOutcome(kind, prediction, label);
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
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
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

    private static void writePrediction(DataOutputStream out, Prediction prediction) throws IOException {
        writeBytes(out, PREDICTION.encode(prediction));
    }

    private static Prediction readPrediction(DataInputStream in) throws IOException {
        return PREDICTION.decode(readBytes(in));
    }

    private static void writeLabel(DataOutputStream out, Label label) throws IOException {
        writeBytes(out, LABEL.encode(label));
    }

    private static Label readLabel(DataInputStream in) throws IOException {
        return LABEL.decode(readBytes(in));
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
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
