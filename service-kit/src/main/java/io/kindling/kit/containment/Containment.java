package io.kindling.kit.containment;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where user code runs. Isolated, each cluster gets a {@link Sandbox}: a network namespace of its own whose only
 * link is a veth to this host (a /30, no default route, so none of the control plane's loopback listeners, no
 * other cluster, no other network), and an OS user of its own (no groups, no capabilities, no new privileges) that
 * owns only the cluster's directories. Every process of the cluster (master, workers, executors, drivers, Python
 * workers) is started inside it. In single-user mode user code runs as this service's user, on its network, with
 * a scrubbed environment only ({@link UserCodeEnvironment}).
 */
public final class Containment implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Containment.class);

    /** How often sandboxes a dead control plane left are looked for (see {@link Sandboxes#sweep}). */
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
    /** How old a sandbox that names no owner must be to be taken for abandoned: one being made is younger. */
    private static final Duration UNOWNED_AFTER = Duration.ofMinutes(2);

    private final boolean isolated;
    private final boolean allowUncontainedPoolDrivers;
    private final Sandboxes sandboxes;
    private final ScheduledExecutorService sweeper;

    private Containment(boolean isolated, boolean allowUncontainedPoolDrivers, Sandboxes sandboxes) {
        this.isolated = isolated;
        this.allowUncontainedPoolDrivers = allowUncontainedPoolDrivers;
        this.sandboxes = sandboxes;
        this.sweeper = sandboxes == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kindling-sandbox-sweeper");
            t.setDaemon(true);
            return t;
        });
        if (sweeper != null) {
            // at once (what a control plane that died left), then now and then (what a crash while this one runs
            // leaves: a killed service's clusters take a moment to go)
            sweeper.scheduleWithFixedDelay(this::sweep, 0, SWEEP_EVERY.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private void sweep() {
        try {
            sandboxes.sweep(UNOWNED_AFTER);
        } catch (RuntimeException e) {
            log.warn("could not sweep old sandboxes: {}", e.getMessage());
        }
    }

    /** Decides at start ({@link ContainmentPolicy}) and says what was decided. */
    public static Containment start(ContainmentProperties props, String service) {
        HostIsolation host = HostIsolation.probe();
        boolean isolate = ContainmentPolicy.isolate(props, host);
        if (isolate) {
            Sandboxes sandboxes = new Sandboxes(props, host);
            log.info("{}: user code runs isolated (a network namespace and an OS user per cluster, from {} and uid {}; "
                    + "{})", service, props.network(), props.uidBase(), sandboxes.limitedBy().map(c -> "limits by " + c)
                    .orElse("NO memory, CPU or process limits: see the warning above"));
            return new Containment(true, props.allowUncontainedPoolDrivers(), sandboxes);
        }
        log.warn("{}: SINGLE-USER MODE: user code runs as this service's OS user, on its network; it can read what"
                        + " this service can read and reach what it can reach{}", service,
                host.possible() ? " (kindling.containment.mode=single-user)" : ": " + String.join("; ", host.missing()));
        return new Containment(false, false, null);
    }

    public boolean isolated() {
        return isolated;
    }

    /** The sandboxes clusters run in; empty in single-user mode. */
    public Optional<Sandboxes> sandboxes() {
        return Optional.ofNullable(sandboxes);
    }

    /** The sandbox a cluster whose processes listen at {@code host} runs in, if any. */
    public Optional<Sandbox> sandboxAt(String host) {
        return sandboxes().flatMap(s -> s.at(host));
    }

    /**
     * Why a driver for the cluster whose master is at {@code masterHost} may not start here, if it may not: isolated,
     * a driver runs in its cluster's sandbox, and one whose cluster has none (an attached pool on a network Kindling
     * does not manage) would run on this host uncontained, which only the operator's opt-out allows.
     */
    public Optional<String> refusesDriverFor(String masterHost) {
        if (!isolated || allowUncontainedPoolDrivers || sandboxAt(masterHost).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("this install runs user code contained, and a driver for the Spark master at " + masterHost
                + " (a pool on a network Kindling does not manage) would run on Kindling's host uncontained: an "
                + "operator allows that with kindling.containment.allow-uncontained-pool-drivers=true (docs/security.md)");
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }
}
