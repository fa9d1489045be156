package io.kindling.kit.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service credential of the internal APIs ({@code /internal/**}): every call between services carries it in
 * {@link InternalApiGuard#HEADER}, and a service refuses a call without it. Set by {@code KINDLING_INTERNAL_TOKEN}
 * (the same for every service of an install, at least {@value #MIN_LENGTH} characters); the embedded platform makes
 * a fresh one at each start.
 *
 * @param token the credential; a service does not start without one
 */
@ConfigurationProperties("kindling.internal")
public record InternalApiProperties(String token) {

    public static final int MIN_LENGTH = 32;

    public InternalApiProperties {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("kindling.internal.token (KINDLING_INTERNAL_TOKEN) is not set: the "
                    + "services' internal APIs need a shared service credential (at least " + MIN_LENGTH
                    + " random characters, the same for every service)");
        }
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("kindling.internal.token (KINDLING_INTERNAL_TOKEN) is "
                    + token.length() + " characters long; it needs at least " + MIN_LENGTH);
        }
    }

    /** Never the token itself (configuration dumps and logs print records). */
    @Override
    public String toString() {
        return "InternalApiProperties[token=<" + token.length() + " characters>]";
    }
}
