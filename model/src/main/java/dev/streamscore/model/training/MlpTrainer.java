package dev.streamscore.model.training;

import dev.streamscore.model.tf.MlpWeights;
import dev.streamscore.model.tf.TfSessions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Trains a feed-forward binary classifier with TensorFlow Java: dense ReLU layers, a sigmoid
 * output, mean binary cross-entropy, tensorflow-framework's Adam on shuffled minibatches. Initial
 * weights (Glorot uniform) and the shuffling come from the seed, and ops run single-threaded, so
 * a run can be repeated. Returns plain weights; {@link dev.streamscore.model.tf.SavedModelExporter}
 * writes them as an inference-only SavedModel.
 */
public final class MlpTrainer {
    private MlpTrainer() {
    }

    public static MlpWeights train(float[][] x, float[] y, MlpConfig config, TrainingProgress progress) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("Need as many labels as examples, and at least one: " + x.length
                    + " examples, " + y.length + " labels");
        }
        int inputs = x[0].length;
        SplittableRandom random = new SplittableRandom(config.seed());
        List<Integer> sizes = new ArrayList<>();
        sizes.add(inputs);
        sizes.addAll(config.hiddenUnits());
        sizes.add(1);

        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> features = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, inputs)));
            Placeholder<TFloat32> labels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
            List<Variable<TFloat32>> kernels = new ArrayList<>();
            List<Variable<TFloat32>> biases = new ArrayList<>();
            Operand<TFloat32> activations = features;
            for (int layer = 0; layer + 1 < sizes.size(); layer++) {
                Variable<TFloat32> kernel = tf.variable(tf.constant(glorot(sizes.get(layer), sizes.get(layer + 1), random)));
                Variable<TFloat32> bias = tf.variable(tf.constant(new float[sizes.get(layer + 1)]));
                kernels.add(kernel);
                biases.add(bias);
                Operand<TFloat32> z = tf.math.add(tf.linalg.matMul(activations, kernel), bias);
                activations = layer + 2 < sizes.size() ? tf.nn.relu(z) : z;
            }
            // Binary cross-entropy on logits, in the numerically stable form
            // max(z, 0) - z * y + log(1 + exp(-|z|)).
            Operand<TFloat32> logits = activations;
            Operand<TFloat32> perExample = tf.math.add(
                    tf.math.sub(tf.nn.relu(logits), tf.math.mul(logits, labels)),
                    tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
            Operand<TFloat32> loss = tf.math.mean(perExample, tf.constant(new int[] {0, 1}));
            Op minimize = new Adam(graph, config.learningRate()).minimize(loss);

            try (Session session = new Session(graph, TfSessions.singleThreaded())) {
                session.initialize();
                int[] order = new int[x.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                float[] batchX = new float[config.batchSize() * inputs];
                float[] batchY = new float[config.batchSize()];
                for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                    shuffle(order, random);
                    double lossSum = 0;
                    int batches = 0;
                    for (int start = 0; start < order.length; start += config.batchSize()) {
                        int rows = Math.min(config.batchSize(), order.length - start);
                        for (int r = 0; r < rows; r++) {
                            System.arraycopy(x[order[start + r]], 0, batchX, r * inputs, inputs);
                            batchY[r] = y[order[start + r]];
                        }
                        try (TFloat32 xs = TFloat32.tensorOf(Shape.of(rows, inputs),
                                        DataBuffers.of(batchX, true, false).narrow((long) rows * inputs));
                                TFloat32 ys = TFloat32.tensorOf(Shape.of(rows, 1),
                                        DataBuffers.of(batchY, true, false).narrow(rows));
                                Result result = session.runner().feed(features, xs).feed(labels, ys)
                                        .addTarget(minimize).fetch(loss).run()) {
                            lossSum += ((TFloat32) result.get(0)).getFloat();
                            batches++;
                        }
                    }
                    progress.epochDone(epoch, config.epochs(), lossSum / batches);
                }
                return read(session, kernels, biases);
            }
        }
    }

    private static MlpWeights read(Session session, List<Variable<TFloat32>> kernels, List<Variable<TFloat32>> biases) {
        List<float[][]> kernelValues = new ArrayList<>();
        List<float[]> biasValues = new ArrayList<>();
        for (int layer = 0; layer < kernels.size(); layer++) {
            try (Result result = session.runner().fetch(kernels.get(layer)).fetch(biases.get(layer)).run()) {
                TFloat32 kernel = (TFloat32) result.get(0);
                TFloat32 bias = (TFloat32) result.get(1);
                int rows = (int) kernel.shape().get(0);
                int cols = (int) kernel.shape().get(1);
                float[][] k = new float[rows][cols];
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        k[i][j] = kernel.getFloat(i, j);
                    }
                }
                float[] b = new float[cols];
                bias.copyTo(DataBuffers.of(b, false, false));
                kernelValues.add(k);
                biasValues.add(b);
            }
        }
        return new MlpWeights(kernelValues, biasValues);
    }

    private static float[][] glorot(int in, int out, SplittableRandom random) {
        double limit = Math.sqrt(6.0 / (in + out));
        float[][] w = new float[in][out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                w[i][j] = (float) random.nextDouble(-limit, limit);
            }
        }
        return w;
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
