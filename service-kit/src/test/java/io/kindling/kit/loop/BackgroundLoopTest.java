package io.kindling.kit.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundLoopTest {

    /** Fails its first two rounds, then succeeds; records when each round ran. */
    static class Flaky extends BackgroundLoop {
        final AtomicInteger rounds = new AtomicInteger();
        final List<Long> at = new CopyOnWriteArrayList<>();

        Flaky() {
            super("flaky-loop");
        }

        @Override
        protected void round() {
            at.add(System.nanoTime());
            if (rounds.incrementAndGet() <= 2) {
                throw new IllegalStateException("round " + rounds.get() + " fails");
            }
        }

        @Override
        protected void idle() throws InterruptedException {
            Thread.sleep(10);
        }

        @Override
        protected Duration firstBackoff() {
            return Duration.ofMillis(100);
        }

        @Override
        protected Duration maxBackoff() {
            return Duration.ofMillis(150);
        }
    }

    @Test
    void aFailingRoundBacksOffDoublingUpToTheMaximumThenTheLoopGoesOn() {
        Flaky loop = new Flaky();
        loop.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> loop.rounds.get() >= 5);
        } finally {
            loop.stop();
        }
        long firstGap = (loop.at.get(1) - loop.at.get(0)) / 1_000_000;
        long secondGap = (loop.at.get(2) - loop.at.get(1)) / 1_000_000;
        assertThat(firstGap).isGreaterThanOrEqualTo(100);
        assertThat(secondGap).isGreaterThanOrEqualTo(150);
        assertThat(loop.isRunning()).isFalse();
    }

    @Test
    void stopEndsTheThreadAndADisabledLoopNeverStarts() {
        Flaky loop = new Flaky();
        loop.start();
        loop.stop();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("flaky-loop"));

        BackgroundLoop disabled = new Flaky() {
            @Override
            protected boolean enabled() {
                return false;
            }
        };
        disabled.start();
        assertThat(disabled.isRunning()).isFalse();
    }
}
