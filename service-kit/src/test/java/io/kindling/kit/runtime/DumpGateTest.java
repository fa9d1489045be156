package io.kindling.kit.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpGateTest {

    @TempDir
    Path dir;

    @Test
    void dumpsOfSeveralArchiveServicesRunOneAtATime() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch allAsked = new CountDownLatch(4);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> dumps = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // two lock files' worth of callers: the JVM's lock holds even where file locks would not
                Path lock = dir.resolve(i % 2 == 0 ? "a/dump.lock" : "a/../a/dump.lock");
                int n = i;
                dumps.add(pool.submit(() -> {
                    allAsked.countDown();
                    allAsked.await();
                    return DumpGate.hold(lock, () -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        Thread.sleep(150);
                        running.decrementAndGet();
                        return n;
                    });
                }));
            }
            for (Future<Integer> dump : dumps) {
                dump.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(most.get()).as("dumps running at once").isEqualTo(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/dump.lock"))))
                .as("the lock file's mode: a sandboxed user must not hold it").isEqualTo("rw-------");
    }

    @Test
    void aFailedDumpLetsTheNextOneRun() throws Exception {
        try {
            DumpGate.hold(dir.resolve("dump.lock"), () -> {
                throw new java.io.IOException("the dump could not start");
            });
        } catch (java.io.IOException expected) {
            // the gate is released all the same
        }
        // from another thread: the JVM's lock is reentrant, so this one would pass a gate it failed to release
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            assertThat(other.submit(() -> DumpGate.hold(dir.resolve("dump.lock"), () -> "ran"))
                    .get(10, TimeUnit.SECONDS)).isEqualTo("ran");
        } finally {
            other.shutdownNow();
        }
    }
}
