package dev.streamscore.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ModelSignaturesTest {
    /** A field-by-field copy (Avro's deep copy refuses generated enums outside its trusted packages). */
    static ModelUpdate copy(ModelUpdate u) {
        return ModelUpdate.newBuilder().setModelName(u.getModelName()).setModelVersion(u.getModelVersion())
                .setRole(u.getRole()).setLocation(u.getLocation()).setChecksum(u.getChecksum())
                .setTrafficShare(u.getTrafficShare()).setRetired(u.getRetired()).setPublishedTime(u.getPublishedTime())
                .setPublishedBy(u.getPublishedBy()).setSignature(u.getSignature()).build();
    }

    private static ModelUpdate update() {
        return ModelUpdate.newBuilder().setModelName("fraud").setModelVersion("3").setRole(ModelRole.CHALLENGER)
                .setLocation("file:///models/fraud-3").setChecksum("AB".repeat(32)).setTrafficShare(0.1)
                .setRetired(false).setPublishedTime(Instant.ofEpochMilli(1_700_000_000_123L)).setPublishedBy("ci")
                .build();
    }

    @Test
    void theSignatureCoversEveryFieldOfTheUpdate() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        ModelUpdate signed = update();
        signed.setSignature(ModelSignatures.sign(keys.getPrivate(), signed));
        assertThat(ModelSignatures.verify(keys.getPublic(), signed)).isTrue();
        ModelUpdate lowerCase = copy(signed);
        lowerCase.setChecksum("ab".repeat(32));
        assertThat(ModelSignatures.verify(keys.getPublic(), lowerCase)).as("checksum case does not matter").isTrue();

        Map<String, Consumer<ModelUpdate>> tampering = Map.of(
                "name", u -> u.setModelName("churn"),
                "version", u -> u.setModelVersion("4"),
                "role", u -> u.setRole(ModelRole.CHAMPION),
                "location", u -> u.setLocation("https://elsewhere.example/fraud-3.zip"),
                "checksum", u -> u.setChecksum("CD".repeat(32)),
                "traffic share", u -> u.setTrafficShare(1.0),
                "retired", u -> u.setRetired(true),
                "published time", u -> u.setPublishedTime(Instant.ofEpochMilli(1_700_000_000_124L)),
                "published by", u -> u.setPublishedBy(null));
        tampering.forEach((field, change) -> {
            ModelUpdate copy = copy(signed);
            change.accept(copy);
            assertThat(ModelSignatures.verify(keys.getPublic(), copy)).as("changed " + field).isFalse();
        });

        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThat(ModelSignatures.verify(other.getPublic(), signed)).as("another key").isFalse();
        signed.setSignature("not base64 !");
        assertThat(ModelSignatures.verify(keys.getPublic(), signed)).isFalse();
        signed.setSignature(null);
        assertThat(ModelSignatures.verify(keys.getPublic(), signed)).isFalse();
    }

    @Test
    void readsOpensslStylePemKeys() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String publicPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        String privatePem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        assertThat(ModelSignatures.publicKey(publicPem)).isEqualTo(keys.getPublic());
        assertThat(ModelSignatures.privateKey(privatePem).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThatThrownBy(() -> ModelSignatures.publicKey(privatePem)).hasMessageContaining("BEGIN PUBLIC KEY");
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String rsaPem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(rsa.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertThatThrownBy(() -> ModelSignatures.publicKey(rsaPem)).hasMessageContaining("Ed25519");
    }
}
