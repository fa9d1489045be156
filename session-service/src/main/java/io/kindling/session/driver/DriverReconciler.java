package io.kindling.session.driver;

import io.kindling.session.session.EndReason;
import io.kindling.session.session.SessionLifecycle;
import io.kindling.session.session.SessionRepository;
import io.kindling.session.session.SessionState;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * After a restart: sessions whose driver still runs are watched again, sessions whose driver is gone fail
 * with DRIVER_LOST, and stops that were under way are finished. Nothing waits forever.
 */
@Component
class DriverReconciler {

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
            } else if (session.state() == SessionState.STARTING || session.state().acceptsStatements()) {
                registry.running(session.clusterId()).filter(launcher::isAlive).ifPresentOrElse(drivers::watch,
                        () -> lifecycle.fail(session.id(), EndReason.DRIVER_LOST,
                                "the driver was gone when session-service restarted"));
            }
        });
    }
}
