package dev.streamscore.local;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The registry's authentication: tokens from this OpenID Connect provider, and the client that
 * the stack's registry users log in as with basic auth (its id and secret as user and password).
 */
record RegistryAuth(String providerUrl, String clientId, String clientSecret) {

    /** The {@code Authorization} header value a client sends. */
    String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "RegistryAuth[providerUrl=" + providerUrl + ", clientId=" + clientId + ", clientSecret=[hidden]]";
    }
}
