package io.kindling.agent.driver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the agent when what it depends on is gone: the SparkContext stopped, the standalone
 * master stopped accepting connections for longer than the master-lost timeout (a SparkContext
 * outlives its master: it waits for it to come back), or the parent process exited (the control
 * plane, even after {@code kill -9}). No driver outlives its cluster or the control plane.
 */
public final class Watchdog {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final DateTimeFormatter HHMMSS =
            DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final SparkDriver driver;
    private final OptionalLong parentPid;
    private final MasterProbe master;
    private final Duration masterLostTimeout;
    private final Clock clock;

    /**
     * @param sparkMaster the {@code spark.master} URL; only {@code spark://} masters are probed
     * @param masterLostTimeout how long the master may be unreachable before the agent fails
     */
    public Watchdog(SparkDriver driver, OptionalLong parentPid, String sparkMaster,
            Duration masterLostTimeout, Clock clock) {
        this.driver = driver;
        this.parentPid = parentPid;
        this.master = MasterProbe.of(sparkMaster);
        this.masterLostTimeout = masterLostTimeout;
        this.clock = clock;
    }

    /** Starts watching on daemon threads. */
    public void start() {
        parentPid.ifPresent(this::watchParent);
        SparkDriver.daemon(this::watchCluster, "kindling-watchdog").start();
    }

    private void watchParent(long pid) {
        Optional<ProcessHandle> parent = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (parent.isEmpty()) {
            driver.shutdown("parent process " + pid + " is not running");
            return;
        }
        parent.get().onExit().thenRun(() -> driver.shutdown("parent process " + pid + " exited"));
        LOG.info("watching parent process {}", pid);
    }

    private void watchCluster() {
        Instant lastSeen = clock.instant();
        try {
            while (!driver.stopping() && driver.state() != AgentState.FAILED) {
                Optional<SparkContext> sc = driver.sparkContext();
                if (sc.isPresent() && sc.get().isStopped() && !driver.stopping()) {
                    driver.fail("SparkContext " + sc.get().applicationId() + " stopped");
                    return;
                }
                if (driver.state() == AgentState.READY) {
                    if (master.reachable()) {
                        lastSeen = clock.instant();
                    } else if (Duration.between(lastSeen, clock.instant()).compareTo(masterLostTimeout) > 0) {
                        driver.fail("standalone master " + master.url() + " unreachable for "
                                + masterLostTimeout.toSeconds() + "s (last seen " + HHMMSS.format(lastSeen) + ")");
                        return;
                    }
                }
                Thread.sleep(PERIOD.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
