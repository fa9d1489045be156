package io.kindling.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * With {@code kindling.gateway.auth.issuer-uri} set, the gateway trusts an OIDC issuer's tokens: it finds the
 * issuer's keys through its discovery document, as it would at a real identity provider (here a loopback one).
 */
class OidcIssuerTest {

    private static HttpServer issuer;
    private static String base;
    private static RSAKey key;
    private static JwtDecoder decoder;

    @BeforeAll
    static void startTheIssuer() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        base = "http://127.0.0.1:" + issuer.getAddress().getPort() + "/realms/kindling";
        serve("/realms/kindling/.well-known/openid-configuration", "{\"issuer\":\"" + base + "\",\"jwks_uri\":\""
                + base + "/keys\",\"subject_types_supported\":[\"public\"]}");
        serve("/realms/kindling/keys", new JWKSet(key.toPublicJWK()).toString());
        issuer.start();
        AuthProperties props = new AuthProperties(URI.create(base), Path.of("unused"), "sub", "workspace", "roles",
                "workspace-admin", "default");
        decoder = new SecurityConfiguration().jwtDecoder(props,
                new StaticListableBeanFactory().getBeanProvider(LocalTokens.class), Clock.systemUTC());
    }

    @AfterAll
    static void stopIt() {
        issuer.stop(0);
    }

    @Test
    void aTokenTheIssuerSignedIsTrustedWithItsClaims() throws Exception {
        Jwt jwt = decoder.decode(token(key, base, "alice"));

        assertThat(jwt.getSubject()).isEqualTo("alice");
        Caller caller = CallerResolver.caller(jwt, new AuthProperties(URI.create(base), Path.of("unused"), "sub",
                "workspace", "roles", "workspace-admin", "default"));
        assertThat(caller).isEqualTo(new Caller("alice", "research", true));
    }

    @Test
    void anotherIssuersOrAnotherKeysTokenIsRefused() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();

        assertThatThrownBy(() -> decoder.decode(token(other, base, "alice"))).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(token(key, "http://127.0.0.1:1/elsewhere", "alice")))
                .isInstanceOf(JwtException.class).hasMessageContaining("iss");
        assertThatThrownBy(() -> decoder.decode(token(key, base, "../etc"))).isInstanceOf(JwtException.class)
                .hasMessageContaining("must name a user");
    }

    private static String token(RSAKey signer, String iss, String subject) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(iss).subject(subject).claim("workspace", "research")
                        .claim("roles", List.of("workspace-admin")).issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(600))).build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private static void serve(String path, String json) {
        issuer.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
