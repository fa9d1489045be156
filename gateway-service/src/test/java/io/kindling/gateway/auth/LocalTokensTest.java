package io.kindling.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local signing key is trusted only when nobody but the gateway's user can have read or written it. */
class LocalTokensTest {

    @TempDir
    Path dir;

    @Test
    void aKeyMadeHereIsPrivateAndSignsTokens() throws Exception {
        Path key = dir.resolve("keys/token-signing.key");
        LocalTokens tokens = LocalTokens.fromKeyFile(key, Clock.systemUTC());

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(tokens.mint("alice", "default", List.of(), Duration.ofMinutes(1))).contains(".");
        // and it is trusted again at the next start
        assertThat(LocalTokens.fromKeyFile(key, Clock.systemUTC()).key().getEncoded())
                .isEqualTo(tokens.key().getEncoded());
    }

    @Test
    void aKeyOthersCanReadIsRefused() throws Exception {
        Path key = dir.resolve("token-signing.key");
        LocalTokens.fromKeyFile(key, Clock.systemUTC());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> LocalTokens.fromKeyFile(key, Clock.systemUTC()))
                .hasMessageContaining("has mode rw-r--r--").hasMessageContaining("chmod 600");
    }

    @Test
    void aLinkToAKeyIsRefused() throws Exception {
        Path real = dir.resolve("real.key");
        LocalTokens.fromKeyFile(real, Clock.systemUTC());
        Path link = Files.createSymbolicLink(dir.resolve("token-signing.key"), real);

        assertThatThrownBy(() -> LocalTokens.fromKeyFile(link, Clock.systemUTC()))
                .hasMessageContaining("not a regular file");
    }

    @Test
    void aKeyAnotherUserOwnsIsRefused() throws Exception {
        Path key = dir.resolve("token-signing.key");
        LocalTokens.fromKeyFile(key, Clock.systemUTC());
        UserPrincipal nobody;
        try {
            nobody = key.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(key, nobody);
        } catch (java.io.IOException notRootOrNoNobody) {
            // changing a file's owner takes root; as anyone else, the check itself is what the other tests cover
            org.junit.jupiter.api.Assumptions.abort("cannot give the key to another user here: " + notRootOrNoNobody);
            return;
        }

        assertThatThrownBy(() -> LocalTokens.fromKeyFile(key, Clock.systemUTC()))
                .hasMessageContaining("belongs to nobody");
    }
}
