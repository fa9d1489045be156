package io.kindling.provisioning.pool;

import io.kindling.events.ClusterFailed;
import io.kindling.events.ClusterProvisioned;
import io.kindling.events.ClusterTornDown;
import io.kindling.events.PoolAttached;
import io.kindling.events.PoolDetached;
import io.kindling.events.PoolPlacement;
import io.kindling.kit.outbox.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sessions and jobs on attached pools: placed at once on the pool's master (ClusterProvisioned with the pool's
 * conf and jars), released when they end, and never a cluster to provision, keep warm or tear down. Runs in the
 * inbox transaction.
 */
@Component
public class PoolPlacements {

    private static final Logger log = LoggerFactory.getLogger(PoolPlacements.class);

    private final AttachedPools pools;
    private final Outbox outbox;
    private final Clock clock;

    PoolPlacements(AttachedPools pools, Outbox outbox, Clock clock) {
        this.pools = pools;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The place of {@code id} on pool {@code name}: named after both, so a redelivery finds the same one. */
    static String clusterId(String pool, String id) {
        return "pool-" + pool + "-" + id;
    }

    /**
     * Places a session or job on the pool it names. A pool this service has not heard of yet may be on its way
     * (PoolAttached travels on another topic than the request): the request waits for it, for
     * {@code kindling.provisioning.pool-wait} at most. A detached pool fails the cluster at once.
     */
    public void place(String id, String kind, String compute) {
        Instant now = clock.instant();
        String clusterId = clusterId(compute, id);
        pools.lock(compute);
        Optional<AttachedPools.Pool> pool = pools.find(compute);
        if (pool.isPresent() && !pool.get().attached()) {
            outbox.add(new ClusterFailed(clusterId, 1, id, "COMPUTE_NOT_FOUND", "attached pool '" + compute
                    + "' was detached", now));
            return;
        }
        if (!pools.place(new AttachedPools.Use(id, compute, kind, clusterId, pool.isPresent(), now))) {
            return;
        }
        if (pool.isEmpty()) {
            log.info("{} {} waits for attached pool {}, not known here yet", kind, id, compute);
            return;
        }
        provisioned(pool.get(), id, kind, clusterId);
    }

    private void provisioned(AttachedPools.Pool pool, String id, String kind, String clusterId) {
        log.info("{} {} placed on attached pool {} ({})", kind, id, pool.name(), pool.masterUrl());
        outbox.add(new ClusterProvisioned(clusterId, 1, id, pool.runtimeVersion(), pool.masterUrl(), pool.restUrl(),
                pool.webUiUrl(), clock.instant(), new PoolPlacement(pool.name(), pool.conf(), pool.jars())));
    }

    /** In its own transaction: fails the requests that waited longer than {@code wait} for their pool. */
    public int failWaitingLongerThan(Duration wait) {
        List<AttachedPools.Use> stale = pools.takeWaitingSince(clock.instant().minus(wait));
        for (AttachedPools.Use use : stale) {
            outbox.add(new ClusterFailed(use.clusterId(), 1, use.id(), "COMPUTE_NOT_FOUND", "no attached pool '"
                    + use.pool() + "' (waited " + wait.toSeconds() + " s for it)", clock.instant()));
        }
        return stale.size();
    }

    /** @return whether {@code id} was on a pool (it no longer is): then there is no cluster to release */
    public boolean release(String id) {
        return pools.release(id).isPresent();
    }

    public void onPoolAttached(PoolAttached e) {
        pools.lock(e.pool());
        pools.attach(e);
        AttachedPools.Pool pool = pools.find(e.pool()).filter(AttachedPools.Pool::attached).orElse(null);
        if (pool == null) {
            return;
        }
        for (AttachedPools.Use use : pools.waitingFor(e.pool())) {
            pools.markPlaced(use.id());
            provisioned(pool, use.id(), use.kind(), use.clusterId());
        }
    }

    /**
     * Nothing new goes to a detached pool. A forced detach also ends what is on it: each place is torn down from
     * Kindling's side (ClusterTornDown), which ends its session or job; the pool's own processes are not touched.
     */
    public void onPoolDetached(PoolDetached e) {
        pools.lock(e.pool());
        if (!pools.detach(e.pool(), e.generation(), e.detachedAt()) || !e.forced()) {
            return;
        }
        for (AttachedPools.Use use : pools.uses(e.pool())) {
            pools.release(use.id());
            outbox.add(new ClusterTornDown(use.clusterId(), 2, use.id(), "POOL_DETACHED", clock.instant()));
        }
    }
}
