package dev.streamscore.scoring.operator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.OperatorStateStore;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple4;

/**
 * The model-update feed positions in a checkpoint: (subtask, parallelism, partition, next offset)
 * of every scoring task, in union state. A task restored at the same parallelism goes on from its
 * own positions, which match the models in force it saved. After a rescale (tasks and their saved
 * positions no longer pair up) each task goes on from the furthest position of each partition:
 * the models in force restored from union state are the newest any task had, and those came from
 * the updates up to there.
 */
final class UpdatePositions {
    private UpdatePositions() {
    }

    static ListState<Tuple4<Integer, Integer, Integer, Long>> state(OperatorStateStore store) throws Exception {
        return store.getUnionListState(new ListStateDescriptor<>("model-update-positions",
                Types.TUPLE(Types.INT, Types.INT, Types.INT, Types.LONG)));
    }

    static List<Tuple4<Integer, Integer, Integer, Long>> of(Map<Integer, Long> positions, int subtask, int parallelism) {
        List<Tuple4<Integer, Integer, Integer, Long>> out = new ArrayList<>();
        positions.forEach((partition, offset) -> out.add(Tuple4.of(subtask, parallelism, partition, offset)));
        return out;
    }

    static Map<Integer, Long> restore(Iterable<Tuple4<Integer, Integer, Integer, Long>> saved, int subtask, int parallelism) {
        Map<Integer, Long> own = new HashMap<>();
        Map<Integer, Long> furthest = new HashMap<>();
        for (Tuple4<Integer, Integer, Integer, Long> p : saved) {
            if (p.f0 == subtask && p.f1 == parallelism) {
                own.put(p.f2, p.f3);
            }
            furthest.merge(p.f2, p.f3, Math::max);
        }
        return own.isEmpty() ? furthest : own;
    }
}
