package io.kindling.gateway.environment;

import io.kindling.gateway.internal.InternalServices;
import io.kindling.gateway.auth.Caller;
import io.kindling.gateway.session.SessionOwnership;
import io.kindling.kit.problem.ApiProblem;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Session environments: state, build time, cache hits and misses, skipped base packages and the build log. A
 * caller sees an environment one of their sessions used.
 */
@RestController
class EnvironmentApi {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{32}");

    private final InternalServices services;
    private final SessionOwnership ownership;

    EnvironmentApi(InternalServices services, SessionOwnership ownership) {
        this.services = services;
        this.ownership = ownership;
    }

    @GetMapping("/api/v1/environments/{hash}")
    JsonNode get(@PathVariable String hash, Caller caller) {
        return services.environments().find(path(hash, "", caller.user())).orElseThrow(() -> notFound(hash));
    }

    @GetMapping(value = "/api/v1/environments/{hash}/log", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> log(@PathVariable String hash, Caller caller) {
        String text = services.environments().findText(path(hash, "/log", caller.user()))
                .orElseThrow(() -> notFound(hash));
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(text);
    }

    /** The environment of one of the caller's sessions, with whether the cache served it. */
    @GetMapping("/api/v1/sessions/{id}/environment")
    JsonNode ofSession(@PathVariable String id, Caller caller) {
        ownership.require(id, caller.user());
        return services.environments().find("/internal/sessions/" + id + "/environment").orElseThrow(
                () -> ApiProblem.notFound("ENVIRONMENT_NOT_FOUND", "session " + id
                        + " has no conda environment, or conda-service has not seen its request yet")
                        .with("sessionId", id));
    }

    private static String path(String hash, String suffix, String owner) {
        if (!HASH.matcher(hash).matches()) {
            throw notFound(hash);
        }
        // not encoded here: a user name has only characters legal in a query, and the client encodes the URI itself
        // (encoding it here too sent '@' as %2540)
        return "/internal/environments/" + hash + suffix + "?owner=" + owner;
    }

    private static ApiProblem notFound(String hash) {
        return ApiProblem.notFound("ENVIRONMENT_NOT_FOUND", "no environment '" + hash + "'").with("hash", hash);
    }
}
