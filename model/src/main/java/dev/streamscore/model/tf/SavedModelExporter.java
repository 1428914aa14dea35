package dev.streamscore.model.tf;

import java.io.IOException;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes an inference-only TensorFlow SavedModel for {@link MlpWeights}: a fresh graph holding only
 * the forward pass (no optimizer slots, no loss), with the serving signature
 * {@value #SIGNATURE}: input {@value #INPUT} float32 [batch, features], output {@value #OUTPUT}
 * float32 [batch], the positive-class probability. Any TF runtime (Python, Serving, Java) can load it.
 */
public final class SavedModelExporter {
    public static final String SIGNATURE = Signature.DEFAULT_KEY;
    public static final String INPUT = "features";
    public static final String OUTPUT = "score";

    private SavedModelExporter() {
    }

    public static void export(MlpWeights weights, Path directory) throws IOException {
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> input = tf.withName(INPUT).placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, weights.inputSize())));
            Operand<TFloat32> activations = input;
            int layers = weights.kernels().size();
            for (int i = 0; i < layers; i++) {
                Ops layer = tf.withSubScope("dense_" + i);
                Operand<TFloat32> kernel = layer.withName("kernel").variable(layer.constant(weights.kernels().get(i)));
                Operand<TFloat32> bias = layer.withName("bias").variable(layer.constant(weights.biases().get(i)));
                Operand<TFloat32> z = layer.math.add(layer.linalg.matMul(activations, kernel), bias);
                activations = i < layers - 1 ? layer.nn.relu(z) : z;
            }
            Operand<TFloat32> score = tf.withName(OUTPUT).reshape(tf.math.sigmoid(activations), tf.constant(new int[] {-1}));
            try (Session session = new Session(graph, TfSessions.singleThreaded())) {
                session.initialize();
                Signature signature = Signature.builder()
                        .key(SIGNATURE)
                        .methodName("tensorflow/serving/predict")
                        .input(INPUT, input)
                        .output(OUTPUT, score)
                        .build();
                SavedModelBundle.exporter(directory.toString())
                        .withSession(session)
                        .withFunction(SessionFunction.create(signature, session))
                        .export();
            }
        }
    }
}
