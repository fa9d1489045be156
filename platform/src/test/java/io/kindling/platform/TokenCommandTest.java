package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {

    @TempDir
    Path home;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void mintsATokenSignedWithTheKeyUnderHomeNamingUserWorkspaceAndRoles() throws Exception {
        int exit = run("--user", "alice", "--workspace", "research", "--admin", "--ttl", "30m");

        assertThat(exit).isZero();
        SignedJWT jwt = SignedJWT.parse(out.toString(StandardCharsets.UTF_8).strip());
        byte[] key = Base64.getDecoder().decode(Files.readString(home.resolve("keys/token-signing.key")).strip());
        assertThat(jwt.verify(new MACVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("workspace")).isEqualTo("research");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("workspace-admin");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("kindling-local");
        assertThat(Duration.between(Instant.now(), jwt.getJWTClaimsSet().getExpirationTime().toInstant()))
                .isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
    }

    @Test
    void aSecondTokenUsesTheSameKey() throws Exception {
        run("--user", "alice");
        String key = Files.readString(home.resolve("keys/token-signing.key"));
        run("--user", "bob");

        assertThat(Files.readString(home.resolve("keys/token-signing.key"))).isEqualTo(key);
    }

    @Test
    void aBadCommandLineSaysWhatIsWrongAndExits64() {
        assertThat(run("--workspace", "w")).isEqualTo(64);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--user is required").contains("usage:");
        assertThat(run("--user", "a", "--ttl", "soon")).isEqualTo(64);
        assertThat(run("--user")).isEqualTo(64);
        assertThat(run("--user", "a", "--colour")).isEqualTo(64);
        assertThat(out.size()).isZero();
    }

    private int run(String... args) {
        return TokenCommand.run(home, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
