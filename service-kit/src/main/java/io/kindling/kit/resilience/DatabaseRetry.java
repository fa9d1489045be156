package io.kindling.kit.resilience;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one database step of background work again while the database is away (with backoff, for a bounded
 * time), so work that already did something outside the database (a cluster started) is not abandoned half-way
 * by a short outage. Only for steps that are safe to run again: a read, or one transaction that either committed
 * or did not.
 */
public final class DatabaseRetry {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);

    private final Duration giveUpAfter;

    public DatabaseRetry(Duration giveUpAfter) {
        this.giveUpAfter = giveUpAfter;
    }

    public <T> T whileUnavailable(String what, Supplier<T> step) {
        long giveUp = System.nanoTime() + giveUpAfter.toNanos();
        long backoff = 250;
        while (true) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                if (!DatabaseFailures.isUnavailable(e) || System.nanoTime() > giveUp) {
                    throw e;
                }
                log.warn("database unavailable during {}; trying again in {} ms: {}", what, backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    public void whileUnavailable(String what, Runnable step) {
        whileUnavailable(what, () -> {
            step.run();
            return null;
        });
    }
}
