package dev.streamscore.drift.watermark;

import java.util.ArrayList;
import java.util.List;

/**
 * How many partitions the two input topics have. Each input partition is a source of event-time
 * progress that the join waits for (see {@link Watermark}); the join and the window merge each run
 * as {@link #tasks()} tasks, the number of tasks Kafka Streams gives the sub-topology that reads both
 * topics (task {@code k} reads partition {@code k} of each topic that has one).
 *
 * @param predictions partitions of the predictions topic
 * @param labels      partitions of the labels topic
 */
public record InputPartitions(int predictions, int labels) {
    /** One partition each, as on a TopologyTestDriver. */
    public static final InputPartitions SINGLE = new InputPartitions(1, 1);

    public InputPartitions {
        if (predictions < 1 || labels < 1) {
            throw new IllegalArgumentException("Input topics need at least one partition each, were " + predictions
                    + " (predictions) and " + labels + " (labels)");
        }
    }

    public int tasks() {
        return Math.max(predictions, labels);
    }

    /** Every input partition. */
    public List<InputSource> sources() {
        List<InputSource> sources = new ArrayList<>();
        for (int p = 0; p < predictions; p++) {
            sources.add(new InputSource(InputSource.Topic.PREDICTIONS, p));
        }
        for (int p = 0; p < labels; p++) {
            sources.add(new InputSource(InputSource.Topic.LABELS, p));
        }
        return sources;
    }

    /** The input partitions task {@code task} of the input sub-topology reads. */
    public List<InputSource> sourcesOf(int task) {
        List<InputSource> sources = new ArrayList<>(2);
        if (task < predictions) {
            sources.add(new InputSource(InputSource.Topic.PREDICTIONS, task));
        }
        if (task < labels) {
            sources.add(new InputSource(InputSource.Topic.LABELS, task));
        }
        return sources;
    }
}
