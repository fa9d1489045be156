package io.kindling.kit.containment;

import java.util.Optional;
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
public final class Containment {

    private static final Logger log = LoggerFactory.getLogger(Containment.class);

    private final boolean isolated;
    private final Sandboxes sandboxes;

    private Containment(boolean isolated, Sandboxes sandboxes) {
        this.isolated = isolated;
        this.sandboxes = sandboxes;
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
            return new Containment(true, sandboxes);
        }
        log.warn("{}: SINGLE-USER MODE: user code runs as this service's OS user, on its network; it can read what"
                        + " this service can read and reach what it can reach{}", service,
                host.possible() ? " (kindling.containment.mode=single-user)" : ": " + String.join("; ", host.missing()));
        return new Containment(false, null);
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
}
