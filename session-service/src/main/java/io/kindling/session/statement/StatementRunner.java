package io.kindling.session.statement;

import io.kindling.kit.resilience.DatabaseFailures;
import io.kindling.kit.resilience.DatabaseRetry;
import io.kindling.kit.tracing.LogContext;
import io.kindling.kit.tracing.Traces;
import io.kindling.session.SessionServiceProperties;
import io.kindling.session.driver.AgentClient;
import io.kindling.session.driver.DriverHandle;
import io.kindling.session.driver.DriverRegistry;
import io.kindling.session.session.Session;
import io.kindling.session.session.SessionLifecycle;
import io.kindling.session.session.SessionRepository;
import io.kindling.session.session.SessionState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs each session's statements one after another on its driver: submit, then long-poll until the agent
 * says available or cancelled. Every wait is bounded; an agent unreachable for longer than
 * {@code driver-lost-after} fails the statement instead of waiting forever.
 */
@Component
class StatementRunner implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StatementRunner.class);
    private static final Duration LONG_POLL = Duration.ofSeconds(10);
    private static final AttributeKey<Long> STATEMENT_ID = AttributeKey.longKey("kindling.statement.id");

    private final StatementRepository statements;
    private final SessionRepository sessions;
    private final SessionLifecycle lifecycle;
    private final DriverRegistry drivers;
    private final AgentClient agent;
    private final TransactionTemplate tx;
    private final JsonMapper json;
    private final Clock clock;
    private final SessionServiceProperties props;
    private final Traces traces;
    private final MeterRegistry meters;
    /**
     * A database outage is waited out at each step instead of leaving the statement WAITING or RUNNING and its
     * session BUSY for ever: the driver keeps the result until the runner can record it.
     */
    private final DatabaseRetry retry = new DatabaseRetry(Duration.ofMinutes(10));
    private final Map<String, CompletableFuture<Void>> queues = new ConcurrentHashMap<>();
    private final Map<String, Integer> agentIds = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "statement-runner");
        t.setDaemon(true);
        return t;
    });

    StatementRunner(StatementRepository statements, SessionRepository sessions, SessionLifecycle lifecycle,
                    DriverRegistry drivers, AgentClient agent, TransactionTemplate tx, JsonMapper json, Clock clock,
                    SessionServiceProperties props, Traces traces, MeterRegistry meters) {
        this.meters = meters;
        this.traces = traces;
        this.statements = statements;
        this.sessions = sessions;
        this.lifecycle = lifecycle;
        this.drivers = drivers;
        this.agent = agent;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
        this.props = props;
    }

    /** Queues a statement behind the session's others; it runs in the trace of the request that submitted it. */
    void enqueue(String sessionId, int id) {
        Runnable run = Traces.carry(() -> runSafely(sessionId, id));
        queues.compute(sessionId, (k, previous) ->
                (previous == null ? CompletableFuture.<Void>completedFuture(null) : previous)
                        .thenRunAsync(run, pool));
    }

    void cancel(String sessionId, int id) {
        Integer agentId = agentIds.get(key(sessionId, id));
        if (agentId == null) {
            // not on the driver yet: it will never start
            if (statements.mark(sessionId, id, StatementState.CANCELLED)) {
                settle(sessionId, id);
                counted(StatementState.CANCELLED);
            }
            return;
        }
        statements.mark(sessionId, id, StatementState.CANCELLING);
        Session session = sessions.find(sessionId).orElseThrow();
        drivers.running(session.clusterId()).ifPresent(d -> agent.cancel(d, sessionId, agentId));
    }

    private void runSafely(String sessionId, int id) {
        try (LogContext logs = LogContext.of(sessionId, null)) {
            traces.inSpan("run statement", Attributes.of(Traces.SESSION_ID, sessionId, STATEMENT_ID, (long) id),
                    () -> run(sessionId, id));
        } catch (RuntimeException e) {
            log.error("statement {} of session {} failed to run", id, sessionId, e);
            finish(sessionId, id, StatementState.ERROR, error(id, "StatementFailed", e.getMessage()));
        } finally {
            agentIds.remove(key(sessionId, id));
        }
    }

    private void run(String sessionId, int id) {
        String what = "statement " + id + " of session " + sessionId;
        Statement statement = retry.whileUnavailable(what, () -> statements.find(sessionId, id).orElseThrow());
        if (statement.state() != StatementState.WAITING) {
            return;
        }
        Optional<DriverHandle> driver = retry.whileUnavailable(what, () -> drivers.running(
                sessions.find(sessionId).orElseThrow().clusterId()));
        if (driver.isEmpty()) {
            finish(sessionId, id, StatementState.ERROR, error(id, "DriverLost", "the session has no running driver"));
            return;
        }
        JsonNode submitted = submit(driver.get(), statement);
        if (submitted == null) {
            return;
        }
        int agentId = submitted.path("id").asInt();
        agentIds.put(key(sessionId, id), agentId);
        Instant started = clock.instant();
        retry.whileUnavailable(what, () -> statements.running(sessionId, id, started));
        Instant lastAnswer = clock.instant();
        while (true) {
            JsonNode current;
            try {
                current = agent.statement(driver.get(), sessionId, agentId, LONG_POLL);
                lastAnswer = clock.instant();
            } catch (AgentClient.AgentException e) {
                if (sessionOver(sessionId)) {
                    return; // its statements were cancelled with the session's reason
                }
                Duration silent = Duration.between(lastAnswer, clock.instant());
                if (silent.compareTo(props.driverLostAfter()) > 0) {
                    finish(sessionId, id, StatementState.ERROR, error(id, "DriverLost", "the driver has not answered "
                            + "since " + lastAnswer + ": " + e.getMessage()));
                    return;
                }
                sleep(500);
                continue;
            }
            String state = current.path("state").asString("");
            if (state.equals("available") || state.equals("cancelled")) {
                StatementState done = state.equals("available") ? StatementState.AVAILABLE : StatementState.CANCELLED;
                JsonNode output = current.get("output");
                finish(sessionId, id, done, output == null || output.isNull() ? null : json.writeValueAsString(output));
                return;
            }
            progress(sessionId, id, current.path("progress").asDouble(0));
        }
    }

    /**
     * Sends the statement to the driver, retrying while it does not answer; returns null when the session
     * ended meanwhile or the driver stayed silent for {@code driver-lost-after} (the statement is settled then).
     */
    private JsonNode submit(DriverHandle driver, Statement statement) {
        Instant since = clock.instant();
        while (true) {
            try {
                return agent.submit(driver, statement.sessionId(), statement.kind(), statement.code());
            } catch (AgentClient.AgentException e) {
                if (sessionOver(statement.sessionId())) {
                    return null;
                }
                if (Duration.between(since, clock.instant()).compareTo(props.driverLostAfter()) > 0) {
                    finish(statement.sessionId(), statement.id(), StatementState.ERROR, error(statement.id(),
                            "DriverLost", "the driver has not taken the statement since " + since + ": "
                                    + e.getMessage()));
                    return null;
                }
                sleep(250);
            }
        }
    }

    /** Progress is a hint: while the database is away it is skipped, and the next poll brings it again. */
    private void progress(String sessionId, int id, double progress) {
        try {
            statements.progress(sessionId, id, progress);
        } catch (RuntimeException e) {
            if (!DatabaseFailures.isUnavailable(e)) {
                throw e;
            }
        }
    }

    private boolean sessionOver(String sessionId) {
        return retry.whileUnavailable("reading session " + sessionId, () -> sessions.find(sessionId)
                .map(s -> s.state().isTerminal() || s.state() == SessionState.ENDING).orElse(true));
    }

    private void finish(String sessionId, int id, StatementState state, String output) {
        Instant at = clock.instant();
        retry.whileUnavailable("recording statement " + id + " of session " + sessionId,
                () -> tx.executeWithoutResult(status -> {
                    statements.finish(sessionId, id, state, output, at);
                    settleInTx(sessionId, id);
                }));
        counted(state);
    }

    /** {@code kindling.statements{state=available|error|cancelled}}: statements run to an end. */
    private void counted(StatementState state) {
        Counter.builder("kindling.statements").description("Statements run to an end, by how they ended")
                .tag("state", state.name().toLowerCase(java.util.Locale.ROOT)).register(meters).increment();
    }

    private void settle(String sessionId, int id) {
        retry.whileUnavailable("settling session " + sessionId, () -> tx.executeWithoutResult(
                status -> settleInTx(sessionId, id)));
    }

    /** The session is idle again once it has no unfinished statement. */
    private void settleInTx(String sessionId, int id) {
        Session session = sessions.lock(sessionId).orElseThrow();
        if (session.state() == SessionState.BUSY && statements.unfinished(sessionId) == 0) {
            lifecycle.transition(sessionId, SessionState.IDLE, "statement " + id + " finished", UnaryOperator.identity());
        }
    }

    private String error(int id, String ename, String evalue) {
        return json.writeValueAsString(Map.of("status", "error", "execution_count", id, "ename", ename,
                "evalue", String.valueOf(evalue), "traceback", List.of()));
    }

    private static String key(String sessionId, int id) {
        return sessionId + "#" + id;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void destroy() {
        pool.shutdownNow();
    }
}
