package dev.streamscore.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * TLS material for a secured local broker (and for tests of other TLS clients), made with the JDK's {@code keytool}: a self-signed CA,
 * a broker key and certificate signed by it for {@code 127.0.0.1} and {@code localhost} (so
 * clients keep hostname verification on), all PKCS12. One random password protects the stores;
 * it reaches keytool through the environment ({@code -storepass:env}), never its command line.
 *
 * @param keystore   the broker's key and certificate chain
 * @param truststore the CA certificate, for clients and for the broker's own inter-broker client
 * @param password   of both stores (and the broker key)
 */
public record BrokerTls(Path keystore, Path truststore, String password) {

    static final String STORE_TYPE = "PKCS12";
    private static final String PASSWORD_ENV = "STREAMSCORE_STORE_PASSWORD";
    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

    /** Writes {@code ca.p12}, {@code broker.p12} and {@code truststore.p12} under {@code dir}; valid for 30 days. */
    public static BrokerTls generate(Path dir) throws IOException {
        return generate(dir, "ip:127.0.0.1,dns:localhost");
    }

    /**
     * As {@link #generate(Path)}, for the names in {@code subjectAlternativeNames} only (keytool's
     * form: {@code dns:localhost}, {@code ip:127.0.0.1}); clients that reach the server by another
     * name refuse it.
     */
    public static BrokerTls generate(Path dir, String subjectAlternativeNames) throws IOException {
        Files.createDirectories(dir);
        String password = KafkaSecurity.randomPassword();
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        Path keystore = dir.resolve("broker.p12");
        Path csr = dir.resolve("broker.csr");
        Path brokerPem = dir.resolve("broker.pem");
        Path truststore = dir.resolve("truststore.p12");
        for (Path existing : List.of(ca, caPem, keystore, csr, brokerPem, truststore)) {
            Files.deleteIfExists(existing);
        }
        keytool(password, dir, "-genkeypair", "-alias", "ca", "-dname", "CN=StreamScore local test CA",
                "-ext", "bc:c", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30", "-keystore", ca.toString());
        keytool(password, dir, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
        keytool(password, dir, "-genkeypair", "-alias", "broker", "-dname", "CN=localhost",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "30", "-keystore", keystore.toString());
        keytool(password, dir, "-certreq", "-alias", "broker", "-keystore", keystore.toString(), "-file", csr.toString());
        keytool(password, dir, "-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
                "-outfile", brokerPem.toString(), "-validity", "30", "-ext", "SAN=" + subjectAlternativeNames,
                "-ext", "EKU=serverAuth,clientAuth");
        keytool(password, dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                "-keystore", keystore.toString());
        keytool(password, dir, "-importcert", "-noprompt", "-alias", "broker", "-file", brokerPem.toString(),
                "-keystore", keystore.toString());
        keytool(password, dir, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                "-keystore", truststore.toString());
        return new BrokerTls(keystore, truststore, password);
    }

    private static void keytool(String password, Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", STORE_TYPE, "-storepass:env", PASSWORD_ENV));
        if (List.of(args).contains("-genkeypair")) {
            command.addAll(List.of("-keypass:env", PASSWORD_ENV));
        }
        Path output = dir.resolve("keytool.out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put(PASSWORD_ENV, password);
        Process process = builder.start();
        process.getOutputStream().close();
        try {
            if (!process.waitFor(KEYTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new LocalStackException("keytool " + args[0] + " did not finish within " + KEYTOOL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while generating the broker's TLS certificates", e);
        }
        if (process.exitValue() != 0) {
            throw new LocalStackException("keytool " + args[0] + " failed (exit " + process.exitValue() + "): "
                    + Files.readString(output, StandardCharsets.UTF_8).trim());
        }
    }

    /** Names the files, never the password. */
    @Override
    public String toString() {
        return "BrokerTls[keystore=" + keystore + ", truststore=" + truststore + "]";
    }
}
