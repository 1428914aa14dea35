package dev.streamscore.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeycloakServerTest {

    @Test
    void everyClientIsConfidentialWithOnlyTheClientCredentialsGrant() {
        Map<String, String> clients = new LinkedHashMap<>();
        clients.put("registry-api", "a1b2");
        clients.put("streamscore", "c3d4");
        String realm = KeycloakServer.realmJson(clients);
        assertThat(realm).startsWith("{\"realm\":\"streamscore\",\"enabled\":true,\"clients\":[")
                .contains("{\"clientId\":\"registry-api\",\"secret\":\"a1b2\",\"enabled\":true,\"publicClient\":false,"
                        + "\"standardFlowEnabled\":false,\"directAccessGrantsEnabled\":false,\"serviceAccountsEnabled\":true}")
                .contains("{\"clientId\":\"streamscore\",\"secret\":\"c3d4\",")
                .doesNotContain("\"publicClient\":true").doesNotContain("\"directAccessGrantsEnabled\":true");
    }

    @Test
    void refusesASecretThatWouldBreakTheRealmFile() {
        assertThatThrownBy(() -> KeycloakServer.realmJson(Map.of("streamscore", "x\",\"publicClient\":true")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void registryAuthNeverPrintsItsSecret() {
        RegistryAuth auth = new RegistryAuth("http://127.0.0.1:1", "streamscore", "s3cret-value");
        assertThat(auth.toString()).doesNotContain("s3cret-value").contains("streamscore");
        assertThat(auth.basicHeader()).isEqualTo("Basic c3RyZWFtc2NvcmU6czNjcmV0LXZhbHVl");
    }
}
