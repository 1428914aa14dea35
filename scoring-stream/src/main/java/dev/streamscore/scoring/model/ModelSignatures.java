package dev.streamscore.scoring.model;

import dev.streamscore.avro.ModelUpdate;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;

/**
 * Ed25519 signatures of model updates. The publisher signs model name, version and bundle checksum
 * with its private key; a scoring job given the public key serves only updates whose signature
 * verifies, so whoever can write to the model-updates topic still cannot make it serve their model
 * without the key. Keys are PEM files as {@code openssl genpkey -algorithm ed25519} and
 * {@code openssl pkey -pubout} write them (PKCS#8 private, X.509 SubjectPublicKeyInfo public).
 */
public final class ModelSignatures {
    private static final String ALGORITHM = "Ed25519";

    private ModelSignatures() {
    }

    public static String sign(PrivateKey key, String name, String version, String checksum) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(signedText(name, version, checksum));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot sign with this key (an Ed25519 private key is needed): " + e.getMessage(), e);
        }
    }

    /** Whether the update carries a valid signature by the holder of {@code key}. */
    public static boolean verify(PublicKey key, ModelUpdate update) {
        if (update.getSignature() == null || update.getSignature().isBlank()) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(signedText(update.getModelName(), update.getModelVersion(), update.getChecksum().trim().toLowerCase(Locale.ROOT)));
            return verifier.verify(Base64.getDecoder().decode(update.getSignature().trim()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static PublicKey publicKey(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(decodePem(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 public key in PEM form: " + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKey(String pem) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(decodePem(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 private key in PKCS#8 PEM form: " + e.getMessage(), e);
        }
    }

    private static byte[] signedText(String name, String version, String checksum) {
        return (name + "\n" + version + "\n" + checksum.trim().toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decodePem(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("Expected a PEM block '" + begin + "'");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
