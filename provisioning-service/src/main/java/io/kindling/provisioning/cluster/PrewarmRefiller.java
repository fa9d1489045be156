package io.kindling.provisioning.cluster;

import io.kindling.provisioning.ProvisioningProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps each pre-warmed pool at its size: counts the unclaimed pool clusters that are up or starting and
 * starts the missing ones. A transaction-scoped advisory lock makes one replica do it at a time.
 */
@Component
class PrewarmRefiller extends io.kindling.kit.loop.BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(PrewarmRefiller.class);
    private static final long LOCK = 0x6b696e646c696e67L; // "kindling"

    private final ProvisioningProperties props;
    private final ClusterRepository clusters;
    private final Provisioner provisioner;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;

    PrewarmRefiller(ProvisioningProperties props, ClusterRepository clusters, Provisioner provisioner,
                    TransactionTemplate tx, JdbcClient jdbc) {
        super("prewarm-refiller");
        this.props = props;
        this.clusters = clusters;
        this.provisioner = provisioner;
        this.tx = tx;
        this.jdbc = jdbc;
    }

    /** Starts what is missing; returns how many clusters it started. */
    int refill() {
        Integer started = tx.execute(status -> {
            if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(:lock)").param("lock", LOCK).query(Boolean.class).single()) {
                return 0;
            }
            int count = 0;
            for (ProvisioningProperties.PrewarmPool pool : props.prewarm()) {
                long have = clusters.poolSize(pool.runtimeVersion(), pool.size());
                for (long i = have; i < pool.count(); i++) {
                    provisioner.startPoolCluster(pool.runtimeVersion(), pool.size());
                    count++;
                }
            }
            return count;
        });
        return started == null ? 0 : started;
    }

    @Override
    protected boolean enabled() {
        return !props.prewarm().isEmpty();
    }

    @Override
    protected void round() {
        int started = refill();
        if (started > 0) {
            log.info("pre-warm pools: starting {} cluster(s)", started);
        }
    }

    @Override
    protected void idle() throws InterruptedException {
        Thread.sleep(props.prewarmCheckInterval().toMillis());
    }

    @Override
    protected java.time.Duration firstBackoff() {
        return props.prewarmCheckInterval();
    }

    @Override
    protected java.time.Duration maxBackoff() {
        return java.time.Duration.ofMinutes(1);
    }
}
