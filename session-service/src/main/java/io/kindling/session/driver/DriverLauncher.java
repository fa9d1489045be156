package io.kindling.session.driver;

import java.time.Duration;
import java.util.Optional;

/** Starts and stops session drivers. Takes and returns plain data, never process objects. */
public interface DriverLauncher {

    /** Why a driver for the cluster whose master is {@code masterUrl} may not start, if it may not. */
    Optional<String> refusal(String masterUrl);

    /** Starts the driver process and returns at once; readiness is asked of the agent itself. */
    DriverHandle launch(DriverSpec spec);

    boolean isAlive(DriverHandle handle);

    /** SIGTERM, then SIGKILL after {@code grace}; returns when the process is gone. */
    void stop(DriverHandle handle, Duration grace);

    /** The last lines of the driver's log, for error messages. */
    String logTail(DriverHandle handle, int lines);
}
