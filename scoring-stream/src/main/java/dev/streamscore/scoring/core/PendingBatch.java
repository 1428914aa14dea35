package dev.streamscore.scoring.core;

import dev.streamscore.scoring.io.RawEvent;
import dev.streamscore.scoring.model.ServingModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Events vectorized for one model and waiting to be scored together: their feature vectors laid
 * out row after row in one float array (what TensorFlow is fed), and what each prediction needs.
 */
final class PendingBatch {
    final ServingModel model;
    final float[] features;
    final List<Row> rows;
    final int width;

    PendingBatch(ServingModel model, int capacity) {
        this.model = model;
        this.width = model.vectorizer().width();
        this.features = new float[capacity * width];
        this.rows = new ArrayList<>(capacity);
    }

    int size() {
        return rows.size();
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The offset in {@link #features} where the next row goes. */
    int nextOffset() {
        return rows.size() * width;
    }

    void add(Row row) {
        rows.add(row);
    }

    void clear() {
        rows.clear();
    }

    /** One event waiting in a batch. */
    record Row(RawEvent event, String eventId, String entityId, long eventTime, Map<String, Object> served,
            Map<String, String> attributes) {
    }
}
