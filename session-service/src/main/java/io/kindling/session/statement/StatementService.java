package io.kindling.session.statement;

import io.kindling.kit.problem.ApiProblem;
import io.kindling.session.session.Session;
import io.kindling.session.session.SessionLifecycle;
import io.kindling.session.session.SessionRepository;
import io.kindling.session.session.SessionState;
import io.kindling.kit.tx.AfterCommit;
import java.time.Clock;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accepts statements only for a ready session (409 at once otherwise), keeps the session BUSY while any
 * statement is unfinished, and hands them to the runner after commit.
 */
@Service
public class StatementService {

    private final SessionRepository sessions;
    private final SessionLifecycle lifecycle;
    private final StatementRepository statements;
    private final StatementRunner runner;
    private final Clock clock;

    StatementService(SessionRepository sessions, SessionLifecycle lifecycle, StatementRepository statements,
                     StatementRunner runner, Clock clock) {
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.statements = statements;
        this.runner = runner;
        this.clock = clock;
    }

    @Transactional
    public Statement submit(String sessionId, String kind, String code) {
        Session session = sessions.lock(sessionId).orElseThrow(() -> notFound(sessionId));
        if (!session.state().acceptsStatements()) {
            boolean over = session.state().isTerminal() || session.state() == SessionState.ENDING;
            throw ApiProblem.conflict(over ? "SESSION_ENDED" : "SESSION_NOT_READY", "session '" + sessionId + "' is "
                            + session.state().apiName() + (over ? " and takes no more statements"
                            : " and not ready for statements yet"))
                    .with("state", session.state().apiName());
        }
        // a statement without a kind has its session's (Livy's rule)
        Statement statement = statements.insert(sessionId, kind == null ? session.kind() : kind, code,
                clock.instant());
        if (session.state() == SessionState.IDLE) {
            lifecycle.transition(sessionId, SessionState.BUSY, "statement " + statement.id() + " submitted",
                    UnaryOperator.identity());
        }
        AfterCommit.run(() -> runner.enqueue(sessionId, statement.id()));
        return statement;
    }

    public Statement get(String sessionId, int id) {
        requireSession(sessionId);
        return statements.find(sessionId, id).orElseThrow(() -> ApiProblem.notFound("STATEMENT_NOT_FOUND",
                "session '" + sessionId + "' has no statement " + id).with("statementId", id));
    }

    public List<Statement> list(String sessionId) {
        requireSession(sessionId);
        return statements.list(sessionId);
    }

    /** Cancels a waiting or running statement; a finished one is left as it is. */
    public Statement cancel(String sessionId, int id) {
        Statement statement = get(sessionId, id);
        if (!statement.state().isFinished()) {
            runner.cancel(sessionId, id);
        }
        return get(sessionId, id);
    }

    private void requireSession(String sessionId) {
        sessions.find(sessionId).orElseThrow(() -> notFound(sessionId));
    }

    private static ApiProblem notFound(String sessionId) {
        return ApiProblem.notFound("SESSION_NOT_FOUND", "no session '" + sessionId + "'").with("sessionId", sessionId);
    }
}
