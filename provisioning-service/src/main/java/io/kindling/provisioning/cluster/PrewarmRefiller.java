package io.kindling.provisioning.cluster;

import io.kindling.provisioning.ProvisioningProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps each pre-warmed pool at its size: counts the unclaimed pool clusters that are up or starting and
 * starts the missing ones. A transaction-scoped advisory lock makes one replica do it at a time.
 */
@Component
class PrewarmRefiller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PrewarmRefiller.class);
    private static final long LOCK = 0x6b696e646c696e67L; // "kindling"

    private final ProvisioningProperties props;
    private final ClusterRepository clusters;
    private final Provisioner provisioner;
    private final TransactionTemplate tx;
    private final JdbcClient jdbc;
    private volatile Thread thread;
    private volatile boolean running;

    PrewarmRefiller(ProvisioningProperties props, ClusterRepository clusters, Provisioner provisioner,
                    TransactionTemplate tx, JdbcClient jdbc) {
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
    public void start() {
        if (props.prewarm().isEmpty()) {
            return;
        }
        running = true;
        Thread t = new Thread(() -> {
            while (running) {
                try {
                    int started = refill();
                    if (started > 0) {
                        log.info("pre-warm pools: starting {} cluster(s)", started);
                    }
                    Thread.sleep(props.prewarmCheckInterval().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    log.warn("pre-warm refill failed, retrying: {}", e.getMessage());
                }
            }
        }, "prewarm-refiller");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
