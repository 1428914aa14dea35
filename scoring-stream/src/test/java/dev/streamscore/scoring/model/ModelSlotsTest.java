package dev.streamscore.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import dev.streamscore.model.bundle.ModelBundle;
import dev.streamscore.scoring.TransactionFixtures;
import dev.streamscore.scoring.model.ModelSlots.Change;
import dev.streamscore.scoring.model.ModelSlots.Outcome;
import dev.streamscore.scoring.model.ModelSlots.Rejection;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a scoring task serves after each update, with real bundles and real signatures. */
class ModelSlotsTest {
    @TempDir
    static Path dir;
    static ModelBundle v1;
    static ModelBundle v2;
    static KeyPair keys;
    static ModelLoader loader;

    private final AtomicInteger flushes = new AtomicInteger();
    private ModelSlots slots;

    @BeforeAll
    static void trainModels() throws Exception {
        v1 = TransactionFixtures.trainModel(dir.resolve("m"), "1", 1, 2000);
        v2 = TransactionFixtures.trainModel(dir.resolve("m"), "2", 2, 2000);
        keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        loader = new ModelLoader(new BundleFetcher(dir.resolve("bundle-cache")));
    }

    @AfterEach
    void close() {
        if (slots != null) {
            slots.close();
        }
    }

    private static ModelUpdate signed(ModelBundle bundle, ModelRole role, double share, boolean retired, long publishedAt) {
        ModelUpdate update = ModelUpdate.newBuilder()
                .setModelName(bundle.card().name()).setModelVersion(bundle.card().version()).setRole(role)
                .setLocation(bundle.directory().toUri().toString()).setChecksum(bundle.checksum())
                .setTrafficShare(share).setRetired(retired).setPublishedTime(Instant.ofEpochMilli(publishedAt))
                .setPublishedBy("test")
                .build();
        update.setSignature(ModelSignatures.sign(keys.getPrivate(), update));
        return update;
    }

    private Outcome apply(ModelUpdate update) {
        return slots.apply(update, flushes::incrementAndGet);
    }

    private String serving(ModelRole role) {
        ServingModel model = slots.get(role);
        return model == null ? "none" : model.card().version();
    }

    @Test
    void aReplayedOlderSignedUpdateChangesNothingEvenAfterARestore() {
        slots = new ModelSlots(keys.getPublic(), loader);
        ModelUpdate champion1 = signed(v1, ModelRole.CHAMPION, 1.0, false, 1_000);
        ModelUpdate champion2 = signed(v2, ModelRole.CHAMPION, 1.0, false, 2_000);
        ModelUpdate challenger1 = signed(v1, ModelRole.CHALLENGER, 0.1, false, 1_500);
        ModelUpdate endChallenge = signed(v1, ModelRole.CHALLENGER, 0.1, true, 2_500);
        assertThat(apply(champion1).change()).isEqualTo(Change.INSTALLED);
        assertThat(apply(challenger1).change()).isEqualTo(Change.INSTALLED);
        assertThat(apply(champion2).change()).isEqualTo(Change.INSTALLED);
        assertThat(apply(endChallenge).change()).isEqualTo(Change.RETIRED);
        assertThat(flushes).as("what was buffered is scored before each change").hasValue(4);

        Outcome replay = apply(champion1);
        assertThat(replay.rejection()).isEqualTo(Rejection.NOT_NEWER);
        assertThat(replay.message()).contains("not after the last update accepted for CHAMPION", "fraud@2");
        assertThat(apply(challenger1).rejection()).as("a retired challenger brought back").isEqualTo(Rejection.NOT_NEWER);
        assertThat(apply(champion2)).as("the update in force, read again").satisfies(o -> {
            assertThat(o.isRejected()).isFalse();
            assertThat(o.change()).isEqualTo(Change.NONE);
        });
        assertThat(flushes).hasValue(4);
        assertThat(serving(ModelRole.CHAMPION)).isEqualTo("2");
        assertThat(serving(ModelRole.CHALLENGER)).isEqualTo("none");

        // A restarted task knows what it accepted: the same replays are refused.
        ModelSlots restored = new ModelSlots(keys.getPublic(), loader);
        assertThat(restored.restore(slots.inForce(), slots.lastAccepted())).isEmpty();
        slots.close();
        slots = restored;
        assertThat(serving(ModelRole.CHAMPION)).isEqualTo("2");
        assertThat(apply(champion1).rejection()).isEqualTo(Rejection.NOT_NEWER);
        assertThat(apply(challenger1).rejection()).isEqualTo(Rejection.NOT_NEWER);
        assertThat(serving(ModelRole.CHAMPION)).isEqualTo("2");
        assertThat(serving(ModelRole.CHALLENGER)).isEqualTo("none");
    }

    @Test
    void aTamperedRoleShareOrRetireFlagIsRefusedAndUnsignedUpdatesToo() {
        slots = new ModelSlots(keys.getPublic(), loader);
        assertThat(apply(signed(v1, ModelRole.CHAMPION, 1.0, false, 1_000)).change()).isEqualTo(Change.INSTALLED);
        ModelUpdate challenger = signed(v2, ModelRole.CHALLENGER, 0.1, false, 2_000);

        ModelUpdate promoted = ModelSignaturesTest.copy(challenger);
        promoted.setRole(ModelRole.CHAMPION);
        ModelUpdate widened = ModelSignaturesTest.copy(challenger);
        widened.setTrafficShare(1.0);
        ModelUpdate retireChampion = signed(v1, ModelRole.CHAMPION, 1.0, false, 3_000);
        retireChampion.setRetired(true);
        ModelUpdate unsigned = ModelSignaturesTest.copy(challenger);
        unsigned.setSignature(null);
        for (ModelUpdate refused : List.of(promoted, widened, retireChampion)) {
            assertThat(apply(refused).rejection()).isEqualTo(Rejection.BAD_SIGNATURE);
        }
        assertThat(apply(unsigned).rejection()).isEqualTo(Rejection.UNSIGNED);
        assertThat(serving(ModelRole.CHAMPION)).isEqualTo("1");
        assertThat(serving(ModelRole.CHALLENGER)).isEqualTo("none");
        assertThat(flushes).hasValue(1);

        assertThat(apply(challenger).change()).isEqualTo(Change.INSTALLED);
        assertThat(slots.get(ModelRole.CHALLENGER).update().getTrafficShare()).isEqualTo(0.1);
        assertThat(apply(signed(v2, ModelRole.CHALLENGER, 0.5, false, 4_000)).change()).isEqualTo(Change.TRAFFIC_SHARE);
        assertThat(slots.get(ModelRole.CHALLENGER).update().getTrafficShare()).isEqualTo(0.5);
    }

    @Test
    void withoutAKeyUpdatesNeedNoSignatureButStillMustBeNewer() {
        slots = new ModelSlots(null, loader);
        ModelUpdate first = signed(v1, ModelRole.CHAMPION, 1.0, false, 1_000);
        first.setSignature(null);
        ModelUpdate second = signed(v2, ModelRole.CHAMPION, 1.0, false, 2_000);
        second.setSignature(null);
        assertThat(apply(first).change()).isEqualTo(Change.INSTALLED);
        assertThat(apply(second).change()).isEqualTo(Change.INSTALLED);
        assertThat(apply(first).rejection()).isEqualTo(Rejection.NOT_NEWER);
        assertThat(serving(ModelRole.CHAMPION)).isEqualTo("2");
    }

    @Test
    void aBundleThatDoesNotLoadLeavesTheSlotAsItWas() {
        slots = new ModelSlots(keys.getPublic(), loader);
        apply(signed(v1, ModelRole.CHAMPION, 1.0, false, 1_000));
        ModelUpdate wrongChecksum = signed(v2, ModelRole.CHAMPION, 1.0, false, 2_000);
        wrongChecksum.setChecksum("0".repeat(64));
        wrongChecksum.setSignature(ModelSignatures.sign(keys.getPrivate(), wrongChecksum));
        Outcome outcome = apply(wrongChecksum);
        assertThat(outcome.rejection()).isEqualTo(Rejection.LOAD_FAILED);
        assertThat(outcome.message()).contains("checksum mismatch");
        assertThat(serving(ModelRole.CHAMPION)).isEqualTo("1");
        assertThat(flushes).hasValue(1);
    }
}
