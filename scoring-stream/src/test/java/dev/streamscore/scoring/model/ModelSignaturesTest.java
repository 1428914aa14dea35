package dev.streamscore.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamscore.avro.ModelRole;
import dev.streamscore.avro.ModelUpdate;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ModelSignaturesTest {
    @Test
    void aSignatureVerifiesOnlyForTheSameNameVersionAndChecksum() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String checksum = "AB".repeat(32);
        ModelUpdate update = ModelUpdate.newBuilder().setModelName("fraud").setModelVersion("3").setRole(ModelRole.CHAMPION)
                .setLocation("/models/fraud-3").setChecksum(checksum).setPublishedTime(Instant.EPOCH)
                .setSignature(ModelSignatures.sign(keys.getPrivate(), "fraud", "3", checksum.toLowerCase()))
                .build();
        assertThat(ModelSignatures.verify(keys.getPublic(), update)).as("checksum case does not matter").isTrue();

        update.setModelVersion("4");
        assertThat(ModelSignatures.verify(keys.getPublic(), update)).isFalse();
        update.setModelVersion("3");
        update.setSignature("not base64 !");
        assertThat(ModelSignatures.verify(keys.getPublic(), update)).isFalse();
        update.setSignature(null);
        assertThat(ModelSignatures.verify(keys.getPublic(), update)).isFalse();
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
