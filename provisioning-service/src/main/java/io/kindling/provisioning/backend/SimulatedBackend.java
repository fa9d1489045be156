package io.kindling.provisioning.backend;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * For load tests only ({@code kindling.provisioning.backend=simulated}): starts no process and refuses every
 * cluster at once ({@code SIMULATED}). A session request then makes its whole way through the bus and the
 * databases (requested, a cluster reserved and failed, the session failed and ended) without a JVM being started,
 * so a load test measures the control plane and nothing else.
 */
@Component
@ConditionalOnProperty(name = "kindling.provisioning.backend", havingValue = "simulated")
class SimulatedBackend implements ClusterBackend {

    @Override
    public String name() {
        return "simulated";
    }

    @Override
    public ClusterInfo start(ClusterSpec spec) {
        throw new ProvisioningException("SIMULATED", "the simulated backend starts no cluster (load tests)");
    }

    @Override
    public void awaitWorkers(ClusterSpec spec, ClusterInfo cluster) {
        throw new IllegalStateException("the simulated backend has no cluster to wait for");
    }

    @Override
    public void destroy(ClusterInfo cluster) {
        // nothing was started
    }

    @Override
    public boolean isAlive(ClusterInfo cluster) {
        return false;
    }
}
