package io.kindling.session.session;

import io.kindling.events.SessionBusy;
import io.kindling.events.SessionEnded;
import io.kindling.events.SessionIdle;
import io.kindling.events.SessionRequested;
import io.kindling.events.SessionStarted;
import io.kindling.kit.lifecycle.IgnoredTransitions;
import io.kindling.kit.outbox.Outbox;
import io.kindling.session.SessionServiceProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every state change of a session goes through here: checked against the lifecycle table, stored with a
 * history row, and published (through the outbox) in the same transaction. A change that is not made (a repeated,
 * late or illegal trigger) leaves a row of its own beside the history ({@link SessionRepository#ignored}), so a
 * trigger applied twice is seen, not swallowed.
 */
@Component
public class SessionLifecycle {

    private final SessionRepository sessions;
    private final Outbox outbox;
    private final Clock clock;
    private final Duration timeoutUnit;
    private final java.util.List<SessionEndListener> endListeners;
    private final SessionStarts starts;
    private final IgnoredTransitions ignored;

    SessionLifecycle(SessionRepository sessions, Outbox outbox, Clock clock, SessionServiceProperties props,
                     java.util.List<SessionEndListener> endListeners, SessionStarts starts, MeterRegistry meters) {
        this.ignored = new IgnoredTransitions(meters, "session");
        this.starts = starts;
        this.endListeners = endListeners;
        this.sessions = sessions;
        this.outbox = outbox;
        this.clock = clock;
        this.timeoutUnit = props.timeoutUnit();
    }

    /** Records a requested session and moves it on to PREPARING; a known id is left alone. */
    @Transactional
    public Optional<Session> create(SessionRequested e) {
        Optional<Session> known = sessions.find(e.sessionId());
        if (known.isPresent()) {
            return ignore(known.get(), "requested again by " + e.owner());
        }
        Session requested = Session.requested(e.sessionId(), e.owner(), e.name(), e.kind(), e.runtimeVersion(),
                e.size(), e.timeoutMinutes(), e.conf(), clock.instant(), e.conda() != null);
        sessions.insert(requested);
        starts.requested(requested.id(), e.requestedAt());
        sessions.appendHistory(requested.id(), new HistoryEntry(SessionState.REQUESTED, "requested by " + e.owner(),
                requested.createdAt()));
        return transition(requested.id(), SessionState.PREPARING, e.conda() == null ? "waiting for a cluster"
                : "waiting for a cluster and the conda environment", UnaryOperator.identity());
    }

    /**
     * A PREPARING session got one of the two things it waits for (its cluster, its environment): applies {@code
     * change} and, if it now has both, moves it to STARTING (the result); otherwise notes what it still waits
     * for. Decided under the session's row lock, so a cluster and an environment arriving together start it once.
     */
    @Transactional
    public Optional<Session> prepared(String id, String reason, UnaryOperator<Session> change) {
        Session current = sessions.lock(id).orElseThrow(() -> new SessionNotYetKnownException(id, reason));
        if (current.state() != SessionState.PREPARING) {
            return ignore(current, "not preparing: " + reason);
        }
        Session changed = change.apply(current);
        if (changed.environment().pending() || changed.masterUrl() == null) {
            String waiting = changed.environment().pending() ? "the conda environment" : "a cluster";
            note(id, reason + "; waiting for " + waiting, change);
            return Optional.empty();
        }
        return transition(id, SessionState.STARTING, reason, change);
    }

    /**
     * Records a fact about a session that does not change its state (its cluster came while its environment is
     * still building, say): the change is stored and the history gets a row in the current state.
     */
    @Transactional
    public Optional<Session> note(String id, String reason, UnaryOperator<Session> change) {
        Session current = sessions.lock(id).orElse(null);
        if (current == null) {
            ignored.ignored(id, "unknown; not noted: " + reason);
            return Optional.empty();
        }
        if (current.state().isTerminal()) {
            return ignore(current, "not noted: " + reason);
        }
        Session noted = change.apply(current.touched(clock.instant()));
        sessions.update(noted, current.version());
        sessions.appendHistory(id, new HistoryEntry(noted.state(), reason, noted.updatedAt()));
        return Optional.of(noted);
    }

    /**
     * Moves a session to {@code next}. An illegal move is logged and not applied (empty result), so a late or
     * repeated trigger cannot corrupt the lifecycle.
     */
    @Transactional
    public Optional<Session> transition(String id, SessionState next, String reason, UnaryOperator<Session> change) {
        Session current = sessions.lock(id).orElse(null);
        if (current == null) {
            ignored.ignored(id, "unknown; not moved to " + next + " (" + reason + ")");
            return Optional.empty();
        }
        if (!current.state().canMoveTo(next)) {
            return ignore(current, current.state() + " -> " + next + " is not allowed (" + reason + ")");
        }
        Session moved = change.apply(current.moveTo(next, clock.instant()));
        sessions.update(moved, current.version());
        sessions.appendHistory(id, new HistoryEntry(next, reason, moved.updatedAt()));
        publish(moved);
        return Optional.of(moved);
    }

    /** Ends a session that is not terminal yet, passing through ENDING as the lifecycle requires. */
    @Transactional
    public Optional<Session> end(String id, EndReason reason, String message) {
        Optional<Session> current = sessions.find(id);
        if (current.isEmpty()) {
            ignored.ignored(id, "unknown; not ended (" + message + ")");
            return Optional.empty();
        }
        if (current.get().state().isTerminal()) {
            return ignore(current.get(), "already " + current.get().state() + "; not ended again (" + message + ")");
        }
        if (current.get().state() != SessionState.ENDING) {
            transition(id, SessionState.ENDING, message, s -> s.withEnd(reason, message));
        }
        return transition(id, SessionState.ENDED, message, s -> s.withEnd(reason, message));
    }

    /** Keeps {@code what} was refused beside the session's history, in the state it stays in. */
    private Optional<Session> ignore(Session current, String what) {
        ignored.ignored(current.id(), what);
        sessions.appendIgnored(current.id(), new HistoryEntry(current.state(), what, clock.instant()));
        return Optional.empty();
    }

    /** @throws SessionNotYetKnownException when session-service has not seen the session's request yet */
    public void requireKnown(String id, String event) {
        if (sessions.find(id).isEmpty()) {
            throw new SessionNotYetKnownException(id, event);
        }
    }

    /** Fails a session that is not terminal yet. */
    @Transactional
    public Optional<Session> fail(String id, EndReason reason, String message) {
        return transition(id, SessionState.FAILED, message, s -> s.withEnd(reason, message));
    }

    private void publish(Session s) {
        switch (s.state()) {
            case IDLE -> {
                if (sessions.history(s.id()).stream().filter(h -> h.state() == SessionState.IDLE).count() == 1) {
                    outbox.add(new SessionStarted(s.id(), s.version(), s.clusterId(), s.updatedAt()));
                    starts.started(s);
                }
                outbox.add(new SessionIdle(s.id(), s.version(), s.clusterId(), s.updatedAt(), s.timeoutMinutes(),
                        s.updatedAt().plus(timeoutUnit.multipliedBy(s.timeoutMinutes()))));
            }
            case BUSY -> outbox.add(new SessionBusy(s.id(), s.version(), s.updatedAt()));
            case ENDED, FAILED -> {
                outbox.add(new SessionEnded(s.id(), s.version(), s.clusterId(), s.state() == SessionState.FAILED,
                        s.endReason() == null ? null : s.endReason().name(), s.message(), s.updatedAt()));
                endListeners.forEach(listener -> listener.sessionEnded(s));
            }
            default -> {
                // REQUESTED, PREPARING, STARTING, ENDING: nothing another service acts on
            }
        }
    }
}
