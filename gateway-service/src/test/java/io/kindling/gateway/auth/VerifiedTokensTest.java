package io.kindling.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/** A verified token is remembered for its parse and signature, never for its validity. */
class VerifiedTokensTest {

    private final AtomicInteger verifications = new AtomicInteger();
    private final AtomicBoolean valid = new AtomicBoolean(true);
    private final OAuth2TokenValidator<Jwt> validator = jwt -> valid.get() ? OAuth2TokenValidatorResult.success()
            : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "expired", null));
    /** Verifies tokens named "good-*" (and validates them), refuses the others. */
    private final JwtDecoder verifier = token -> {
        verifications.incrementAndGet();
        if (!token.startsWith("good-") || !valid.get()) {
            throw new BadJwtException("refused " + token);
        }
        return Jwt.withTokenValue(token).header("alg", "HS256").subject(token.substring(5))
                .issuedAt(Instant.parse("2026-11-24T10:00:00Z")).build();
    };

    @Test
    void theSameTokenIsVerifiedOnceAndStillValidatedOnEveryUse() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, validator, 10);

        Jwt first = tokens.decode("good-alice");
        Jwt again = tokens.decode("good-alice");

        assertThat(again).isSameAs(first);
        assertThat(again.getSubject()).isEqualTo("alice");
        assertThat(verifications).hasValue(1);

        // the remembered token has since expired: it goes back to the verifier, which refuses it
        valid.set(false);
        assertThatThrownBy(() -> tokens.decode("good-alice")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNotRememberedAndTheMemoryIsBounded() {
        VerifiedTokens tokens = new VerifiedTokens(verifier, validator, 2);

        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);

        tokens.decode("good-a");
        tokens.decode("good-b");
        tokens.decode("good-c"); // over capacity: the memory starts over with this one
        tokens.decode("good-c");
        assertThat(verifications).hasValue(5);
        tokens.decode("good-a");
        assertThat(verifications).hasValue(6);
    }
}
