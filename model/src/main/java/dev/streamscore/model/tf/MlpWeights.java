package dev.streamscore.model.tf;

import java.util.List;
import java.util.Objects;

/**
 * The trained parameters of a feed-forward binary classifier: dense layers with ReLU between them
 * and a sigmoid on the single output. Kept in plain arrays so the trainer can hand them to the
 * exporter, and so a plain-Java forward pass exists to check the exported model against (and to
 * serve as the compute floor in benchmarks).
 *
 * @param kernels one [inputs][units] matrix per layer, the last with one unit
 * @param biases  one [units] vector per layer
 */
public record MlpWeights(List<float[][]> kernels, List<float[]> biases) {
    public MlpWeights {
        kernels = List.copyOf(kernels);
        biases = List.copyOf(biases);
        if (kernels.isEmpty() || kernels.size() != biases.size()) {
            throw new IllegalArgumentException("Need one bias per kernel and at least one layer");
        }
        for (int i = 0; i < kernels.size(); i++) {
            Objects.requireNonNull(kernels.get(i));
            if (kernels.get(i)[0].length != biases.get(i).length) {
                throw new IllegalArgumentException("Layer " + i + ": kernel has " + kernels.get(i)[0].length
                        + " units, bias " + biases.get(i).length);
            }
            if (i > 0 && kernels.get(i).length != kernels.get(i - 1)[0].length) {
                throw new IllegalArgumentException("Layer " + i + " takes " + kernels.get(i).length
                        + " inputs but layer " + (i - 1) + " has " + kernels.get(i - 1)[0].length + " units");
            }
        }
        if (kernels.get(kernels.size() - 1)[0].length != 1) {
            throw new IllegalArgumentException("The last layer must have one unit (a binary score)");
        }
    }

    public int inputSize() {
        return kernels.get(0).length;
    }

    /** Number of trainable parameters. */
    public long parameterCount() {
        long count = 0;
        for (int i = 0; i < kernels.size(); i++) {
            count += (long) kernels.get(i).length * kernels.get(i)[0].length + biases.get(i).length;
        }
        return count;
    }

    /** The model's score for one feature vector, computed in plain Java (float arithmetic, like TF). */
    public float score(float[] features) {
        float[] activations = features;
        for (int layer = 0; layer < kernels.size(); layer++) {
            float[][] kernel = kernels.get(layer);
            float[] bias = biases.get(layer);
            float[] next = bias.clone();
            for (int i = 0; i < kernel.length; i++) {
                float input = activations[i];
                if (input == 0f) {
                    continue;
                }
                float[] row = kernel[i];
                for (int j = 0; j < next.length; j++) {
                    next[j] += input * row[j];
                }
            }
            if (layer < kernels.size() - 1) {
                for (int j = 0; j < next.length; j++) {
                    next[j] = Math.max(0f, next[j]);
                }
            }
            activations = next;
        }
        return (float) (1.0 / (1.0 + Math.exp(-activations[0])));
    }
}
