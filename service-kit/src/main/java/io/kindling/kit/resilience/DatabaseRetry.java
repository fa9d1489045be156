package io.kindling.kit.resilience;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a step again in place while the database is away (with backoff, for a bounded time), so work is neither
 * abandoned half-way nor handed to a retry mechanism that gives up within seconds. Only for steps that are safe
 * to run again: a read, or one transaction that either committed or did not.
 */
public final class DatabaseRetry {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRetry.class);

    private final Duration giveUpAfter;

    public DatabaseRetry(Duration giveUpAfter) {
        this.giveUpAfter = giveUpAfter;
    }

    public <T> T whileUnavailable(String what, Supplier<T> step) {
        return whileUnavailableOr(what, e -> false, step);
    }

    public void whileUnavailable(String what, Runnable step) {
        whileUnavailable(what, () -> {
            step.run();
            return null;
        });
    }

    /**
     * As {@link #whileUnavailable(String, Supplier)}, and also while the step fails with an exception
     * {@code tooEarly} accepts (its precondition is not there yet; logged at debug, not as an outage).
     */
    public <T> T whileUnavailableOr(String what, Predicate<RuntimeException> tooEarly, Supplier<T> step) {
        long giveUp = System.nanoTime() + giveUpAfter.toNanos();
        long backoff = 100;
        while (true) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                boolean early = tooEarly.test(e);
                if (!early && !DatabaseFailures.isUnavailable(e) || System.nanoTime() > giveUp) {
                    throw e;
                }
                if (early) {
                    log.debug("{} again in {} ms: {}", what, backoff, e.getMessage());
                } else {
                    log.warn("database unavailable during {}; trying again in {} ms: {}", what, backoff,
                            e.getMessage());
                }
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
}
