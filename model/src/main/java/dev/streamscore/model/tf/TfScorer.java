package dev.streamscore.model.tf;

import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Scores batches of feature vectors with a TensorFlow SavedModel in-process. Loads the model once
 * (tag {@code serve}, single-threaded ops), looks up the serving signature's input and output
 * tensors once, and closes every tensor and result it creates. One instance per scoring thread:
 * a TF session may be shared, but the batches of one task are scored one after another anyway.
 */
public final class TfScorer implements AutoCloseable {
    private final SavedModelBundle bundle;
    private final Session session;
    private final Output<?> input;
    private final Output<?> output;
    private final int featureCount;

    private TfScorer(SavedModelBundle bundle, String signatureKey, String inputName, String outputName) {
        this.bundle = bundle;
        this.session = bundle.session();
        Signature signature = bundle.function(signatureKey).signature();
        Map<String, Signature.TensorDescription> inputs = signature.getInputs();
        Map<String, Signature.TensorDescription> outputs = signature.getOutputs();
        if (!inputs.containsKey(inputName) || !outputs.containsKey(outputName)) {
            throw new IllegalArgumentException("Signature '" + signatureKey + "' has inputs " + inputs.keySet()
                    + " and outputs " + outputs.keySet() + "; expected input '" + inputName + "' and output '"
                    + outputName + "'");
        }
        this.input = bundle.graph().output(inputs.get(inputName).name);
        this.output = bundle.graph().output(outputs.get(outputName).name);
        long width = input.shape().get(1);
        if (width <= 0) {
            throw new IllegalArgumentException("Input '" + inputName + "' must have a fixed feature count, shape is "
                    + input.shape());
        }
        this.featureCount = (int) width;
    }

    /** Loads a SavedModel written by {@link SavedModelExporter} (or any with the same signature). */
    public static TfScorer load(Path savedModelDir) {
        return load(savedModelDir, SavedModelExporter.SIGNATURE, SavedModelExporter.INPUT, SavedModelExporter.OUTPUT);
    }

    public static TfScorer load(Path savedModelDir, String signatureKey, String inputName, String outputName) {
        SavedModelBundle bundle = SavedModelBundle.loader(savedModelDir.toString())
                .withTags(SavedModelBundle.DEFAULT_TAG)
                .withConfigProto(TfSessions.singleThreaded())
                .load();
        try {
            return new TfScorer(bundle, signatureKey, inputName, outputName);
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    public int featureCount() {
        return featureCount;
    }

    /**
     * Scores {@code rows} vectors laid out one after another in {@code features} (row-major, the
     * first rows x featureCount values are used) into {@code scores[0..rows)}.
     */
    public void score(float[] features, int rows, float[] scores) {
        if (rows == 0) {
            return;
        }
        if (features.length < rows * featureCount || scores.length < rows) {
            throw new IllegalArgumentException("Need " + rows * featureCount + " feature values and " + rows
                    + " score slots; got " + features.length + " and " + scores.length);
        }
        try (TFloat32 batch = TFloat32.tensorOf(Shape.of(rows, featureCount),
                        DataBuffers.of(features, true, false).narrow(rows * (long) featureCount));
                Result result = session.runner().feed(input, batch).fetch(output).run()) {
            TFloat32 out = (TFloat32) result.get(0);
            out.copyTo(DataBuffers.of(scores, false, false).narrow(rows));
        }
    }

    /** Convenience for a single vector. */
    public float score(float[] vector) {
        float[] out = new float[1];
        score(vector, 1, out);
        return out[0];
    }

    @Override
    public void close() {
        bundle.close();
    }
}
