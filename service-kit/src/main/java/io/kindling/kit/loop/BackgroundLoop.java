package io.kindling.kit.loop;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A daemon thread that does a round of work, waits, and does it again, for as long as its Spring context runs
 * (the outbox relay, the deadline sweeper, the pre-warm refiller). A round that fails is logged and retried
 * after a back-off that doubles from {@link #firstBackoff()} up to {@link #maxBackoff()}; a successful round
 * resets it. Stopping interrupts the wait and joins the thread (bounded).
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

    private final String threadName;
    private volatile Thread thread;
    private volatile boolean running;

    protected BackgroundLoop(String threadName) {
        this.threadName = threadName;
    }

    /** One round of work. */
    protected abstract void round() throws InterruptedException;

    /** The wait between rounds (a sleep, or until something signals new work). */
    protected abstract void idle() throws InterruptedException;

    protected abstract Duration firstBackoff();

    protected Duration maxBackoff() {
        return firstBackoff();
    }

    /** Whether the loop should run at all (e.g. only when pools are configured). */
    protected boolean enabled() {
        return true;
    }

    /** For rounds that go on while there is more: false once stopping. */
    protected final boolean active() {
        return running;
    }

    @Override
    public void start() {
        if (!enabled()) {
            return;
        }
        running = true;
        Thread t = new Thread(this::loop, threadName);
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
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        Duration backoff = firstBackoff();
        while (running) {
            try {
                round();
                backoff = firstBackoff();
                idle();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("{}: round failed, retrying in {}: {}", threadName, backoff, e.getMessage());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(maxBackoff()) > 0 ? maxBackoff() : doubled;
            }
        }
    }
}
