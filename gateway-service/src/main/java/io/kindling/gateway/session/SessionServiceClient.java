package io.kindling.gateway.session;

import io.kindling.gateway.internal.InternalServices;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Internal HTTP to session-service: reads of sessions and statements, statement submission. */
@Component
public class SessionServiceClient {

    private final InternalServices services;

    SessionServiceClient(InternalServices services) {
        this.services = services;
    }

    /** The session as session-service knows it, or empty if it has not applied SessionRequested yet. */
    Optional<JsonNode> session(String id) {
        return services.sessions().find("/internal/sessions/" + id);
    }

    JsonNode sessions(String owner) {
        return services.sessions().call(HttpMethod.GET, "/internal/sessions?owner=" + owner, null).getBody();
    }

    /** Forwards a call and returns session-service's status and body as they are. */
    public ResponseEntity<JsonNode> call(HttpMethod method, String path, Object body) {
        return services.sessions().call(method, path, body);
    }
}
