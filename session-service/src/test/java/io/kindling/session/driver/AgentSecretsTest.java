package io.kindling.session.driver;

import static org.assertj.core.api.Assertions.assertThat;

import io.kindling.kit.internal.InternalApiProperties;
import org.junit.jupiter.api.Test;

class AgentSecretsTest {

    private static final String TOKEN = "an-install-credential-of-32-or-more-characters";

    @Test
    void theSecretIsDerivedAgainFromTheClusterAndSaltAndNeitherNorTheCredentialShowsIt() {
        AgentSecrets secrets = new AgentSecrets(new InternalApiProperties(TOKEN));
        String salt = secrets.newSalt();
        String secret = secrets.secret("c-1", salt);

        assertThat(secret).hasSize(64).isEqualTo(new AgentSecrets(new InternalApiProperties(TOKEN))
                .secret("c-1", salt));
        assertThat(secret).doesNotContain(salt).doesNotContain("c-1");
        assertThat(secrets.secret("c-2", salt)).isNotEqualTo(secret);
        assertThat(secrets.secret("c-1", secrets.newSalt())).isNotEqualTo(secret);
        assertThat(new AgentSecrets(new InternalApiProperties(TOKEN + "x")).secret("c-1", salt))
                .as("another install's credential").isNotEqualTo(secret);
        assertThat(secrets.newSalt()).isNotEqualTo(salt);
    }
}
