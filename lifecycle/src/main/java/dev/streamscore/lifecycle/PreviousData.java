package dev.streamscore.lifecycle;

import dev.streamscore.model.card.ModelCard;
import dev.streamscore.model.features.FieldReader;
import dev.streamscore.model.training.ExampleFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Rows of the data a model was trained on before (the file {@code streamscore train --data} read),
 * mixed into a retraining so the candidate does not forget what still holds: a shift that touched
 * part of the world leaves the rest as it was, and a short recent period is a small sample of it.
 */
final class PreviousData {
    private PreviousData() {
    }

    /**
     * Random rows of {@code file} so that they make up {@code share} of a training set with
     * {@code recent} recent examples (all of its rows when it has fewer), each with its label where
     * retraining examples keep theirs.
     */
    static List<FieldReader> sample(Path file, ModelCard champion, double share, int recent, long seed) {
        String labelField = champion.training() == null ? null : champion.training().labelField();
        if (labelField == null) {
            throw new IllegalArgumentException("--previous-data: the card of " + champion.key()
                    + " names no label field, so the previous rows' labels cannot be found");
        }
        List<FieldReader> rows = new ArrayList<>(ExampleFiles.read(file));
        if (!rows.isEmpty() && !rows.get(0).has(labelField)) {
            throw new IllegalArgumentException("--previous-data " + file + " has no field '" + labelField
                    + "', the label field " + champion.key() + " was trained with");
        }
        int wanted = (int) Math.min(rows.size(), Math.round(recent * share / (1 - share)));
        Collections.shuffle(rows, new Random(seed));
        return rows.subList(0, wanted).stream().map(row -> relabelled(row, labelField)).toList();
    }

    private static FieldReader relabelled(FieldReader row, String labelField) {
        return new FieldReader() {
            @Override
            public boolean has(String path) {
                return path.equals(RetrainingExamples.LABEL_FIELD) || row.has(path);
            }

            @Override
            public Object get(String path) {
                return row.get(path.equals(RetrainingExamples.LABEL_FIELD) ? labelField : path);
            }
        };
    }
}
