package io.kindling.agent.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Checks the shared secret every request carries in {@value #HEADER}, in constant time. */
public final class SecretCheck {

    /** The request header holding the secret. */
    public static final String HEADER = "X-Kindling-Secret";

    private final byte[] secret;

    /** @param secret the agent's secret; must not be empty */
    public SecretCheck(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the agent secret must not be empty");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code presented} (the header value, possibly null) is the secret. */
    public boolean matches(String presented) {
        return presented != null
                && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }
}
