package dev.streamscore.scoring.core;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.scoring.model.ModelSlots;
import java.nio.file.Path;
import java.time.Instant;

/** The {@code --model-dir} bundle as a champion update: the operator's own configuration, so unsigned. */
final class InitialModel {
    private InitialModel() {
    }

    static ModelUpdate update(String directory) {
        ModelBundle bundle;
        try {
            bundle = ModelBundle.load(Path.of(directory));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--model-dir " + directory + ": " + e.getMessage(), e);
        }
        return ModelUpdate.newBuilder()
                .setModelName(bundle.card().name())
                .setModelVersion(bundle.card().version())
                .setRole(ModelRole.CHAMPION)
                .setLocation(Path.of(directory).toAbsolutePath().toString())
                .setChecksum(bundle.checksum())
                .setTrafficShare(1.0)
                .setRetired(false)
                .setPublishedTime(Instant.EPOCH)
                .setPublishedBy(ModelSlots.LOCAL_PUBLISHER)
                .build();
    }
}
