package io.kindling.lifeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongPredicate;

/**
 * Stops processes together, within one bound: each gets SIGTERM at once (or SIGKILL, if it is not to be waited
 * for), all share one deadline, and whatever has not exited by then gets SIGKILL. The descendants each had when the
 * stop began are killed once it has exited (a worker's executors, should the worker leave any). Stopping N processes
 * takes as long as the slowest, not the sum.
 */
public final class ProcessStop {

    private ProcessStop() {
    }

    /**
     * @param pids   the processes (gone ones are skipped)
     * @param grace  how long they may take, all together, after SIGTERM
     * @param noWait which of them get SIGKILL at once (one whose exit would take long and matters little)
     * @return the pids that were killed rather than let exit: what they do at exit did not happen
     */
    public static Set<Long> stop(Collection<Long> pids, Duration grace, LongPredicate noWait) {
        Set<Long> killed = new HashSet<>();
        List<ProcessHandle> stopping = new ArrayList<>();
        List<ProcessHandle> descendants = new ArrayList<>();
        for (long pid : pids) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(p -> {
                descendants.addAll(p.descendants().toList());
                if (noWait.test(pid)) {
                    p.destroyForcibly();
                    killed.add(pid);
                } else {
                    p.destroy();
                }
                stopping.add(p);
            });
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle p : stopping) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                p.destroyForcibly();
                killed.add(p.pid());
                awaitKilled(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                killed.add(p.pid());
            }
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        descendants.forEach(ProcessStop::awaitKilled);
        return killed;
    }

    /** A killed process is gone at once, unless nobody reaps it: then it is left, not waited for forever. */
    private static void awaitKilled(ProcessHandle process) {
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException unreaped) {
            // a zombie whose parent does not reap it: it holds nothing but its pid
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
