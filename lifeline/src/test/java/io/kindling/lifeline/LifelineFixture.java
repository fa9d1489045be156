package io.kindling.lifeline;

import java.util.List;

/**
 * A JVM that ties processes to itself and waits to be killed: a process group whose leader started a child of its
 * own, and a process it did not start as a group (tied by pid, as PostgreSQL is). It prints each pid on a line,
 * then "ready".
 */
public final class LifelineFixture {

    private LifelineFixture() {
    }

    public static void main(String[] args) throws Exception {
        Lifeline lifeline = Lifeline.ofThisJvm();
        Process group = lifeline.start(new ProcessBuilder("/bin/sh", "-c", "sleep 301 & sleep 302; wait"));
        Process single = new ProcessBuilder("sleep", "303").start();
        lifeline.tie(single.pid(), Lifeline.Signal.TERM);
        Process untied = new ProcessBuilder("sleep", "304").start();
        lifeline.tie(untied.pid(), Lifeline.Signal.TERM).close();
        // the group's leader has started both sleeps once it has two descendants
        long until = System.nanoTime() + 10_000_000_000L;
        while (group.descendants().count() < 2 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        System.out.println("group " + group.pid());
        group.descendants().forEach(p -> System.out.println("member " + p.pid()));
        System.out.println("single " + single.pid());
        System.out.println("untied " + untied.pid());
        System.out.println("reaper " + lifeline.reaperPid().orElseThrow());
        System.out.println("ready");
        Thread.sleep(List.of(args).contains("--exit") ? 0 : 600_000);
    }
}
