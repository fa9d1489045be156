package io.kindling.session.driver;

import io.kindling.session.session.EndReason;
import io.kindling.session.session.SessionLifecycle;
import io.kindling.session.session.SessionRepository;
import io.kindling.session.session.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * After a restart: starts that were under way are taken up again, sessions whose driver still runs are watched
 * again, sessions whose driver is gone fail with DRIVER_LOST (their Spark state went with it), and stops that were
 * under way are finished. Nothing waits forever.
 */
@Component
class DriverReconciler {

    private static final Logger log = LoggerFactory.getLogger(DriverReconciler.class);

    private final SessionRepository sessions;
    private final DriverRegistry registry;
    private final DriverLauncher launcher;
    private final DriverService drivers;
    private final SessionLifecycle lifecycle;

    DriverReconciler(SessionRepository sessions, DriverRegistry registry, DriverLauncher launcher,
                     DriverService drivers, SessionLifecycle lifecycle) {
        this.sessions = sessions;
        this.registry = registry;
        this.launcher = launcher;
        this.drivers = drivers;
        this.lifecycle = lifecycle;
    }

    @EventListener(ApplicationReadyEvent.class)
    void reconcile() {
        sessions.live().forEach(session -> {
            if (session.state() == SessionState.ENDING) {
                drivers.stop(session.id());
            } else if (session.state() == SessionState.STARTING) {
                // the start was cut off: start again on the same cluster (a driver that lived on is reused)
                log.warn("session {} was starting when session-service stopped; starting its driver again",
                        session.id());
                drivers.start(session.id(), session.masterUrl());
            } else if (session.state().acceptsStatements()) {
                registry.running(session.clusterId()).filter(launcher::isAlive).ifPresentOrElse(drivers::watch,
                        () -> lifecycle.fail(session.id(), EndReason.DRIVER_LOST,
                                "the driver was gone when session-service restarted"));
            }
        });
    }
}
