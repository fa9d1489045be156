package io.kindling.session.driver;

import io.kindling.kit.internal.InternalApiProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The secret each session agent checks on every call, derived rather than stored: HMAC-SHA256 of the cluster and a
 * random salt under a key derived from the install's service credential ({@code KINDLING_INTERNAL_TOKEN}). The
 * database keeps the salt only, so reading it (a backup, a leaked dump) gives no agent's secret; session-service
 * derives it again for each call.
 */
@Component
public class AgentSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    AgentSecrets(InternalApiProperties internal) {
        this.key = hmac(internal.token().getBytes(StandardCharsets.UTF_8), "kindling agent secrets v1");
    }

    /** A fresh salt for a driver about to start. */
    String newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }

    /** The secret of the agent of {@code clusterId} started with {@code salt}. */
    String secret(String clusterId, String salt) {
        return HexFormat.of().formatHex(hmac(key, clusterId + "\n" + salt));
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
