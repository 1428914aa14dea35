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
 * Ed25519 signatures of model updates. The publisher signs every field of the update but the
 * signature itself: what is served (name, version, bundle location and checksum), how (role,
 * traffic share, retired) and when it was issued (published time, which {@link ModelSlots} requires
 * to increase per role, so an older signed update cannot be replayed). A scoring job given the
 * public key serves only updates whose signature verifies, so whoever can write to the
 * model-updates topic still cannot change what it serves without the key. Keys are PEM files as
 * {@code openssl genpkey -algorithm ed25519} and {@code openssl pkey -pubout} write them (PKCS#8
 * private, X.509 SubjectPublicKeyInfo public).
 *
 * <p>The signed bytes are the UTF-8 text of {@link #FORMAT} and the fields, one per line: model
 * name, model version, role, location, checksum (lower-case hex), traffic share (as Java's
 * {@code Double.toString} writes it), retired ({@code true}/{@code false}), published time (epoch
 * milliseconds), published by (empty when absent).
 */
public final class ModelSignatures {
    /** First line of the signed text; a signature of another format never verifies. */
    public static final String FORMAT = "streamscore-model-update-v2";
    private static final String ALGORITHM = "Ed25519";

    private ModelSignatures() {
    }

    /** The base64 signature of {@code update} (its own signature field is not covered). */
    public static String sign(PrivateKey key, ModelUpdate update) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(signedText(update));
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
            verifier.update(signedText(update));
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

    static byte[] signedText(ModelUpdate update) {
        String text = String.join("\n",
                FORMAT,
                update.getModelName(),
                update.getModelVersion(),
                update.getRole().name(),
                update.getLocation(),
                update.getChecksum().trim().toLowerCase(Locale.ROOT),
                Double.toString(update.getTrafficShare()),
                Boolean.toString(update.getRetired()),
                Long.toString(update.getPublishedTime().toEpochMilli()),
                update.getPublishedBy() == null ? "" : update.getPublishedBy());
        return text.getBytes(StandardCharsets.UTF_8);
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
