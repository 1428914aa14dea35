package dev.streamscore.model.tf;

import org.tensorflow.proto.ConfigProto;

/** TensorFlow session settings measured fastest here for small models (see STACK_FACTS.md). */
public final class TfSessions {
    private TfSessions() {
    }

    /**
     * One thread per op: a small MLP gains nothing from intra-op parallelism and loses to its
     * thread hand-offs, and Flink already runs one scorer per task slot.
     */
    public static ConfigProto singleThreaded() {
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(1)
                .setInterOpParallelismThreads(-1)
                .build();
    }
}
