package io.kindling.agent.driver;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the agent when what it depends on is gone: the SparkContext stopped on its own (for
 * example the master died) or the parent process exited (the control plane, even after
 * {@code kill -9}), so no driver outlives the cluster or the control plane.
 */
public final class Watchdog {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final Duration PERIOD = Duration.ofSeconds(1);

    private final SparkDriver driver;
    private final OptionalLong parentPid;

    /** Watches {@code driver}, and the process {@code parentPid} when given. */
    public Watchdog(SparkDriver driver, OptionalLong parentPid) {
        this.driver = driver;
        this.parentPid = parentPid;
    }

    /** Starts watching on daemon threads. */
    public void start() {
        parentPid.ifPresent(this::watchParent);
        SparkDriver.daemon(this::watchContext, "kindling-watchdog").start();
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

    private void watchContext() {
        try {
            while (!driver.stopping()) {
                Optional<SparkContext> sc = driver.sparkContext();
                if (sc.isPresent() && sc.get().isStopped() && !driver.stopping()) {
                    driver.fail("SparkContext " + sc.get().applicationId()
                            + " stopped (master or cluster gone?)");
                    return;
                }
                Thread.sleep(PERIOD.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
