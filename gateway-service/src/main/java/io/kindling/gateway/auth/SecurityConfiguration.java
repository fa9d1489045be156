package io.kindling.gateway.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code /api/**} call needs a bearer JWT: signed by the local key (the embedded default) or by the
 * configured OIDC issuer's keys, unexpired, naming a user. Sessions are not kept: each request is authenticated by
 * its own token. Other paths (health) are open.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(AuthProperties.class)
public class SecurityConfiguration {

    /** How many verified tokens the gateway remembers (a few KB each). */
    private static final int VERIFIED_TOKENS = 4096;

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder decoder, JsonMapper json) throws Exception {
        ProblemResponses problems = new ProblemResponses(json);
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.decoder(decoder))
                        .authenticationEntryPoint(problems::unauthenticated)
                        .accessDeniedHandler(problems::denied))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(problems::unauthenticated)
                        .accessDeniedHandler(problems::denied))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                // each of these is a filter every call passes through, for something a token-only API has not: a
                // logout URL, an anonymous principal (an unauthenticated /api call is refused as such, and the open
                // paths never ask who calls), and HttpServletRequest#isUserInRole / #login for servlet code
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> anonymous.disable())
                .servletApi(servletApi -> servletApi.disable())
                // a bearer token is not sent by a browser on its own, so cross-site request forgery cannot use it
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * Spring Security's strict firewall, checking every header as the request comes in. On its own it checks a header
     * when it is first read, which for {@code Idempotency-Key} is inside a controller, where the refusal would be a
     * 500; here it is a 400 before anything runs.
     */
    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall strict = new StrictHttpFirewall();
        return new HttpFirewall() {
            @Override
            public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
                FirewalledRequest checked = strict.getFirewalledRequest(request);
                for (String name : Collections.list(checked.getHeaderNames())) {
                    Collections.list(checked.getHeaders(name));
                }
                return checked;
            }

            @Override
            public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
                return strict.getFirewalledResponse(response);
            }
        };
    }

    /** What the firewall refuses (an encoded '.', ';' or '%' in the path, a control character in a header): 400. */
    @Bean
    RequestRejectedHandler rejectedRequests(JsonMapper json) {
        return new ProblemResponses(json)::rejected;
    }

    /** The embedded default's key; not made when an OIDC issuer signs the tokens. */
    @Bean
    @ConditionalOnExpression("'${kindling.gateway.auth.issuer-uri:}'.isEmpty()")
    LocalTokens localTokens(AuthProperties props, Clock clock) {
        return LocalTokens.fromKeyFile(props.signingKeyFile(), clock);
    }

    @Bean
    JwtDecoder jwtDecoder(AuthProperties props, org.springframework.beans.factory.ObjectProvider<LocalTokens> local,
                          Clock clock) {
        NimbusJwtDecoder decoder;
        String issuer;
        if (props.issuerUri() != null) {
            issuer = props.issuerUri().toString();
            // the issuer's metadata and keys are fetched on first use, so the gateway starts while it is away
            decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
        } else {
            issuer = LocalTokens.ISSUER;
            decoder = NimbusJwtDecoder.withSecretKey(local.getObject().key()).macAlgorithm(MacAlgorithm.HS256).build();
        }
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        List<OAuth2TokenValidator<Jwt>> validators = List.of(timestamps, new JwtIssuerValidator(issuer),
                new TokenClaimsValidator(props));
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
        decoder.setJwtValidator(validator);
        return new VerifiedTokens(decoder, validator, VERIFIED_TOKENS);
    }

    /**
     * Spring Security observes nothing of its own: its filter-chain decorator wrapped each of a dozen filters on every
     * request in an observation, costing the gateway more than the request's own work. The request's span
     * (ServerHttpObservationFilter) and the traces stay as they were.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    WebMvcConfigurer callerArguments(AuthProperties props) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(new CallerResolver(props));
            }
        };
    }
}
