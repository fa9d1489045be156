package io.kindling.session.statement;

import io.kindling.session.session.Session;
import io.kindling.session.session.SessionEndListener;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** A session that ended leaves no statement waiting or running: they are cancelled with the reason. */
@Component
class StatementsOfEndedSessions implements SessionEndListener {

    private final StatementRepository statements;
    private final JsonMapper json;
    private final Clock clock;

    StatementsOfEndedSessions(StatementRepository statements, JsonMapper json, Clock clock) {
        this.statements = statements;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void sessionEnded(Session session) {
        String reason = session.endReason() == null ? "SESSION_ENDED" : session.endReason().name();
        statements.abandon(session.id(), json.writeValueAsString(Map.of("status", "error", "execution_count", -1,
                "ename", reason, "evalue", "the session ended: " + String.valueOf(session.message()),
                "traceback", List.of())), clock.instant());
    }
}
