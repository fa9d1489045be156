package io.kindling.gateway.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Job ids: {@code j-} and 16 lowercase hex digits. With an {@code Idempotency-Key} the digits derive from the
 * owner and key, so every retry names the same job (and a concurrent retry collides on the primary key).
 */
final class JobIds {

    /**
     * Any job id the API accepts in a path: the gateway's own, and the ids other systems choose when they publish
     * JobSubmitted on the bus (the id is their idempotency key).
     */
    static final Pattern ANY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    static String random() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "j-" + HexFormat.of().formatHex(bytes);
    }

    static String derived(String owner, String idempotencyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("kindling job\n" + owner + "\n"
                    + idempotencyKey).getBytes(StandardCharsets.UTF_8));
            return "j-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
