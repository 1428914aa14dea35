package dev.streamscore.scoring.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.java.tuple.Tuple4;
import org.junit.jupiter.api.Test;

class UpdatePositionsTest {
    /** What two tasks of a job at parallelism 2 saved. */
    private static List<Tuple4<Integer, Integer, Integer, Long>> savedByTwoTasks() {
        List<Tuple4<Integer, Integer, Integer, Long>> saved = new ArrayList<>();
        saved.addAll(UpdatePositions.of(Map.of(0, 7L, 1, 3L), 0, 2));
        saved.addAll(UpdatePositions.of(Map.of(0, 9L, 1, 2L), 1, 2));
        return saved;
    }

    @Test
    void aTaskRestoredAtTheSameParallelismGoesOnFromItsOwnPositions() {
        assertThat(UpdatePositions.restore(savedByTwoTasks(), 0, 2)).isEqualTo(Map.of(0, 7L, 1, 3L));
        assertThat(UpdatePositions.restore(savedByTwoTasks(), 1, 2)).isEqualTo(Map.of(0, 9L, 1, 2L));
    }

    @Test
    void afterARescaleEveryTaskGoesOnFromTheFurthestPositionOfEachPartition() {
        assertThat(UpdatePositions.restore(savedByTwoTasks(), 2, 3)).isEqualTo(Map.of(0, 9L, 1, 3L));
        assertThat(UpdatePositions.restore(List.of(), 0, 1)).isEmpty();
    }
}
