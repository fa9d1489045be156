package io.kindling.gateway.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens whose signature was verified, so a client that sends the same bearer token on every call (a
 * notebook, an SDK) pays for parsing and verifying it once. A remembered token is still validated on every use (its
 * expiry, issuer and claims, against the injected clock): only the parse and the signature check are skipped, for the
 * exact token string that passed them. The memory is bounded: past {@code capacity} tokens it starts over.
 */
final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> validator;
    private final int capacity;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, int capacity) {
        this.verifier = verifier;
        this.validator = validator;
        this.capacity = capacity;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.get(token);
        if (known != null && !validator.validate(known).hasErrors()) {
            return known;
        }
        if (known != null) {
            verified.remove(token);
        }
        // verifies the signature and validates; throws, and remembers nothing, when either fails
        Jwt jwt = verifier.decode(token);
        if (verified.size() >= capacity) {
            verified.clear();
        }
        verified.put(token, jwt);
        return jwt;
    }
}
