package io.kindling.gateway.session;

import io.kindling.kit.ids.SessionIds;
import io.kindling.kit.problem.ApiProblem;
import org.springframework.stereotype.Component;

/** Resolves a session id for a caller: 404 for an unknown id and for another user's session alike. */
@Component
public class SessionOwnership {

    private final SessionRequests requests;

    SessionOwnership(SessionRequests requests) {
        this.requests = requests;
    }

    /** Throws SESSION_NOT_FOUND unless the caller owns the session. */
    public void require(String id, String owner) {
        accepted(id, owner);
    }

    AcceptedSession accepted(String id, String owner) {
        if (!SessionIds.isSessionId(id)) {
            throw notFound(id);
        }
        return requests.find(id).filter(s -> s.owner().equals(owner)).orElseThrow(() -> notFound(id));
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound("SESSION_NOT_FOUND", "no session '" + id + "'").with("sessionId", id);
    }
}
