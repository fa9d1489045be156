package io.kindling.provisioning.pool;

import io.kindling.kit.loop.BackgroundLoop;
import io.kindling.provisioning.ProvisioningProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Bounds the wait of requests for a pool this service never heard of: they fail with COMPUTE_NOT_FOUND. */
@Component
class PoolWaitSweeper extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(PoolWaitSweeper.class);

    private final PoolPlacements placements;
    private final ProvisioningProperties props;
    private final TransactionTemplate tx;

    PoolWaitSweeper(PoolPlacements placements, ProvisioningProperties props, TransactionTemplate tx) {
        super("pool-wait-sweeper");
        this.placements = placements;
        this.props = props;
        this.tx = tx;
    }

    @Override
    protected void round() {
        Integer failed = tx.execute(status -> placements.failWaitingLongerThan(props.poolWait()));
        if (failed != null && failed > 0) {
            log.info("{} request(s) for an unknown pool failed after waiting {}", failed, props.poolWait());
        }
    }

    @Override
    protected void idle() throws InterruptedException {
        Thread.sleep(Math.max(1000, props.poolWait().toMillis() / 4));
    }

    @Override
    protected Duration firstBackoff() {
        return Duration.ofSeconds(1);
    }
}
