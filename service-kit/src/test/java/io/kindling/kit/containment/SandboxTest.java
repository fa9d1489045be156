package io.kindling.kit.containment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kindling.kit.containment.ContainmentProperties.Mode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sandbox on this host (root only; skipped elsewhere): what a process in it is, what it can open and what it
 * can connect to.
 */
class SandboxTest {

    private static HostIsolation host;

    @BeforeAll
    static void rootOnly() {
        host = HostIsolation.probe();
        assumeTrue(host.possible(), "this host cannot isolate: " + host.missing());
    }

    /** A small cluster's limits: what these tests' shells use is far below. */
    private static final ClusterLimits LIMITS = ClusterLimits.of(2, 256, 1, 512, 1, 768, 1);

    private static Sandboxes sandboxes() {
        return new Sandboxes(new ContainmentProperties(Mode.ISOLATED, false, false, "10.213.0.0/16", 611000, false), host);
    }

    @Test
    void aProcessInTheSandboxIsItsUnprivilegedUserAndReachesOnlyItsOwnNetwork(@TempDir Path temp) throws Exception {
        Sandboxes sandboxes = sandboxes();
        Sandbox sandbox = sandboxes.create(LIMITS);
        try (ServerSocket onLoopback = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             ServerSocket onTheSandboxLink = new ServerSocket(0, 5, InetAddress.getByName(sandbox.hostAddress()));
             ServerSocket everywhere = new ServerSocket(0, 5)) {
            Path mine = temp.resolve("cluster");
            sandbox.own(mine);
            Path secret = Files.writeString(temp.resolve("secret.key"), "root's own",
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));

            String out = runIn(sandbox, mine, String.join("\n",
                    "echo uid=$(id -u) gid=$(id -g) groups=$(id -G) name=$(id -un)",
                    "grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status | tr -s '\\t' ' '",
                    "echo mine > " + mine.resolve("written") + " && echo wrote-mine",
                    "cat " + secret + " 2>/dev/null || echo secret-refused",
                    "connect() { (exec 3<>/dev/tcp/$1/$2) 2>/dev/null && echo \"$1:$2 connected\" "
                            + "|| echo \"$1:$2 refused\"; }",
                    "connect 127.0.0.1 " + onLoopback.getLocalPort(),
                    "connect " + sandbox.hostAddress() + " " + onLoopback.getLocalPort(),
                    "connect " + sandbox.hostAddress() + " " + onTheSandboxLink.getLocalPort(),
                    "connect " + sandbox.hostAddress() + " " + everywhere.getLocalPort()));

            assertThat(out).as("who a sandboxed process is").contains("uid=" + sandbox.uid() + " gid=" + sandbox.gid()
                    + " groups=" + sandbox.gid() + " " + sandbox.dataGid() + " name=" + sandbox.userName() + "\n")
                    .contains("CapEff: 0000000000000000").contains("CapBnd: 0000000000000000")
                    .contains("NoNewPrivs: 1");
            assertThat(out).as("what a sandboxed process may open").contains("wrote-mine").contains("secret-refused")
                    .doesNotContain("root's own");
            // the host's loopback listeners are not there at all; what listens on the host's end of the link (or
            // everywhere, as the public gateway does) is the only way out
            assertThat(out).as("the host's loopback from a sandbox")
                    .contains("127.0.0.1:" + onLoopback.getLocalPort() + " refused")
                    .contains(sandbox.hostAddress() + ":" + onLoopback.getLocalPort() + " refused");
            assertThat(out).as("the host's end of the link from a sandbox")
                    .contains(sandbox.hostAddress() + ":" + onTheSandboxLink.getLocalPort() + " connected")
                    .contains(sandbox.hostAddress() + ":" + everywhere.getLocalPort() + " connected");
            assertThat(((Number) Files.getAttribute(mine.resolve("written"), "unix:uid")).longValue())
                    .isEqualTo(sandbox.uid());
            // its name is the sandbox's own: the host's users are untouched
            assertThat(Files.readString(Path.of("/etc/passwd"))).doesNotContain(sandbox.userName());

            Sandbox.disown(mine);
            assertThat(Files.getAttribute(mine.resolve("written"), "unix:uid")).isEqualTo(0);
        } finally {
            sandboxes.destroy(sandbox);
        }
        assertThat(Path.of("/run/netns", sandbox.network())).doesNotExist();
    }

    @Test
    void twoSandboxesNeverShareANetworkOrAUserAndCannotReachEachOther(@TempDir Path temp) throws Exception {
        Sandboxes sandboxes = sandboxes();
        Sandbox a = sandboxes.create(LIMITS);
        Sandbox b = sandboxes.create(LIMITS);
        try {
            assertThat(a.index()).isNotEqualTo(b.index());
            assertThat(a.uid()).isNotEqualTo(b.uid());
            assertThat(sandboxes.at(a.address())).contains(a);
            assertThat(sandboxes.at(a.hostAddress())).isEmpty();
            assertThat(sandboxes.at("127.0.0.1")).isEmpty();
            Path dirA = temp.resolve("a");
            a.own(dirA);
            Files.writeString(dirA.resolve("data"), "a's data");
            a.own(dirA);
            Path dirB = temp.resolve("b");
            b.own(dirB);
            // b cannot read a's directory, nor connect to anything at a's address
            String out = runIn(b, dirB, String.join("\n",
                    "cat " + dirA.resolve("data") + " 2>/dev/null || echo read-refused",
                    "(exec 3<>/dev/tcp/" + a.address() + "/22) 2>/dev/null && echo connected || echo unreachable"));
            assertThat(out).as("another sandbox's files and address").contains("read-refused").contains("unreachable")
                    .doesNotContain("a's data");

            // a datastore is the sandboxes' let into it: what a writes there, b reads and replaces once let in too;
            // before that (a cluster of another workspace), b gets nothing, though it has the datastores' group
            Path store = temp.resolve("datastores").resolve("blob");
            a.shareData(store);
            assertThat(runIn(a, dirA, "mkdir " + store.resolve("out") + " && echo from-a > " + store.resolve("out/part")
                    + " && stat -c '%a %g' " + store.resolve("out/part") + " " + store.resolve("out")))
                    .isEqualTo("660 " + a.dataGid() + "\n2770 " + a.dataGid() + "\n");
            String outside = "ls " + store + " >/dev/null 2>&1 && echo listed || echo list-refused\n"
                    + "cat " + store.resolve("out/part") + " 2>/dev/null || echo read-refused\n"
                    + "echo from-b 2>/dev/null > " + store.resolve("planted") + " || echo write-refused";
            assertThat(runIn(b, dirB, outside)).as("a datastore b was not let into")
                    .isEqualTo("list-refused\nread-refused\nwrite-refused\n");
            b.shareData(store);
            assertThat(runIn(b, dirB, "cat " + store.resolve("out/part") + " && echo from-b > " + store.resolve("out/part")
                    + " && cat " + store.resolve("out/part"))).isEqualTo("from-a\nfrom-b\n");
            assertThat(PosixAcls.users(store)).containsExactlyInAnyOrder(a.uid(), b.uid());

            // a's user id may be another sandbox's next: its removal takes it off the datastore
            sandboxes.destroy(a);
            assertThat(PosixAcls.users(store)).containsExactly(b.uid());
            assertThat(a.datastores()).doesNotExist();
            sandboxes.destroy(b);
            assertThat(PosixAcls.users(store)).isEmpty();
            Sandbox next = sandboxes.create(LIMITS);
            try {
                Path dirNext = temp.resolve("next");
                next.own(dirNext);
                assertThat(runIn(next, dirNext, outside)).as("a datastore to a sandbox made after")
                        .isEqualTo("list-refused\nread-refused\nwrite-refused\n");
            } finally {
                sandboxes.destroy(next);
            }
        } finally {
            sandboxes.destroy(a);
            sandboxes.destroy(b);
        }
    }

    @Test
    void aSandboxsProcessesAndTheirChildrenAreHeldToItsLimitsAndCannotLeaveThem(@TempDir Path temp) throws Exception {
        Sandboxes sandboxes = sandboxes();
        assumeTrue(sandboxes.limitedBy().isPresent(), "this host gives this process no cgroups");
        Sandbox sandbox = sandboxes.create(new ClusterLimits(96L << 20, 0.5, 64));
        List<Path> cgroups = sandbox.cgroups();
        try {
            Path dir = temp.resolve("cluster");
            sandbox.own(dir);
            String out = runIn(sandbox, dir, String.join("\n",
                    "grep -E ':(memory|pids|cpu)[,:]|^0::' /proc/self/cgroup",
                    // a child of a child: still in the sandbox's cgroups
                    "bash -c 'cat /proc/self/cgroup' | grep -c " + sandbox.network(),
                    // 300 MB in a cluster of 96 MB: the kernel kills it
                    "python3 -c 'b = b\"x\" * (300 << 20); print(\"alloc\" + \"ated-300\")'; echo alloc-exit=$?",
                    // more threads than the cluster may have processes and threads
                    "python3 -c '" + String.join("\n", "import threading, time", "n = 0", "try:",
                            "    for i in range(200):",
                            "        threading.Thread(target=time.sleep, args=(3,), daemon=True).start()",
                            "        n += 1", "except RuntimeError:", "    pass", "print(\"threads=%d\" % n)") + "'",
                    // and none of it can leave: the cgroups above are root's
                    "echo $$ > " + cgroups.get(0).getParent().resolve("cgroup.procs") + " 2>/dev/null"
                            + " && echo left || echo stayed",
                    "wait"));
            assertThat(out.lines().filter(l -> l.contains("/" + sandbox.network())).count())
                    .as("in the sandbox's cgroup of every controller:%n%s", out).isEqualTo(cgroups.size());
            assertThat(out).as(out).doesNotContain("allocated-300").contains("alloc-exit=137").contains("stayed")
                    .doesNotContain("left\n");
            int threads = Integer.parseInt(out.lines().filter(l -> l.startsWith("threads=")).findFirst().orElseThrow()
                    .substring("threads=".length()));
            assertThat(threads).as("threads the pids limit let start").isLessThan(64);
            // half a core: the quota of each period
            Path cpu = cgroups.stream().filter(cg -> Files.exists(cg.resolve("cpu.max"))
                    || Files.exists(cg.resolve("cpu.cfs_quota_us"))).findFirst().orElseThrow();
            assertThat(Files.exists(cpu.resolve("cpu.max")) ? Files.readString(cpu.resolve("cpu.max")).strip()
                    : Files.readString(cpu.resolve("cpu.cfs_quota_us")).strip() + " "
                    + Files.readString(cpu.resolve("cpu.cfs_period_us")).strip()).isEqualTo("50000 100000");
        } finally {
            sandboxes.destroy(sandbox);
        }
        assertThat(cgroups).as("removed with the sandbox").allSatisfy(cg -> assertThat(cg).doesNotExist());
    }

    @Test
    void aSandboxIsSweptOnceItsOwnerIsGoneAndNoProcessIsLeftInIt(@TempDir Path temp) throws Exception {
        Sandboxes sandboxes = sandboxes();
        Sandbox abandoned = sandboxes.create(LIMITS);
        Sandbox owned = sandboxes.create(LIMITS);
        Sandbox unowned = sandboxes.create(LIMITS);
        Process lingering = null;
        try {
            // the owner of the first is a process that has stopped; the third names none (as one being made)
            Process gone = new ProcessBuilder("sleep", "0.5").start();
            long started = gone.info().startInstant().orElseThrow().toEpochMilli();
            gone.waitFor();
            Files.writeString(abandoned.identity().resolve("owner"), gone.pid() + " " + started);
            Files.delete(unowned.identity().resolve("owner"));
            Path dir = temp.resolve("cluster");
            abandoned.own(dir);
            lingering = new ProcessBuilder(abandoned.wrap(List.of("sleep", "60"))).directory(dir.toFile()).start();
            // in the sandbox once the wrapper has become sleep (each step execs the next, in the same process)
            long pid = lingering.pid();
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(Path.of("/proc/" + pid + "/cmdline"))
                    .startsWith("sleep"));

            sandboxes.sweep(Duration.ofHours(1));
            assertThat(network(abandoned)).as("an abandoned sandbox that still holds a process stays").exists();

            lingering.destroyForcibly().waitFor();
            sandboxes.killAll(abandoned);
            sandboxes.sweep(Duration.ofHours(1));
            assertThat(network(abandoned)).as("an abandoned sandbox, empty").doesNotExist();
            assertThat(abandoned.identity()).doesNotExist();
            assertThat(abandoned.cgroups()).allSatisfy(cg -> assertThat(cg).doesNotExist());
            assertThat(network(owned)).as("a sandbox whose owner runs").exists();
            assertThat(network(unowned)).as("a young sandbox that names no owner").exists();

            sandboxes.sweep(Duration.ZERO);
            assertThat(network(unowned)).as("an old sandbox that names no owner").doesNotExist();
            assertThat(network(owned)).as("a sandbox whose owner runs, whatever its age").exists();
        } finally {
            if (lingering != null) {
                lingering.destroyForcibly();
            }
            sandboxes.destroy(abandoned);
            sandboxes.destroy(owned);
            sandboxes.destroy(unowned);
        }
    }

    @Test
    void aSandboxsCgroupsGoEvenWhenItsLastProcessIsStillLeaving(@TempDir Path temp) throws Exception {
        Sandboxes sandboxes = sandboxes();
        assumeTrue(sandboxes.limitedBy().isPresent(), "this host gives this process no cgroups");
        Sandbox sandbox = sandboxes.create(LIMITS);
        List<Path> cgroups = sandbox.cgroups();
        Path dir = temp.resolve("cluster");
        sandbox.own(dir);
        Process leaving = new ProcessBuilder(sandbox.wrap(List.of("sleep", "60"))).directory(dir.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> !Files.readString(cgroups.get(0).resolve("cgroup.procs")).isBlank());
            // it goes a moment after the sandbox is removed, as a killed cluster's last JVM does; and the removal runs
            // on an interrupted thread, as a stopping service's does
            CompletableFuture<Void> kill = CompletableFuture.runAsync(() -> {
                sleep(300);
                leaving.destroyForcibly();
            });
            Thread.currentThread().interrupt();
            sandboxes.destroy(sandbox);
            assertThat(Thread.interrupted()).as("the interrupt kept for the caller").isTrue();
            kill.join();
            assertThat(cgroups).as("removed with the sandbox").allSatisfy(cg -> assertThat(cg).doesNotExist());
        } finally {
            leaving.destroyForcibly();
            sandboxes.destroy(sandbox);
        }
    }

    @Test
    void cgroupsOfSandboxesThatAreGoneAreSwept() {
        Optional<Cgroups> probed = Cgroups.probe();
        assumeTrue(probed.isPresent(), "this host gives this process no cgroups");
        List<Path> left = probed.get().create("kindling-orphan-" + ProcessHandle.current().pid(), LIMITS);
        List<Path> kept = probed.get().create("kindling-kept-" + ProcessHandle.current().pid(), LIMITS);
        try {
            probed.get().sweep(name -> name.startsWith("kindling-orphan-"));
            assertThat(left).allSatisfy(cg -> assertThat(cg).doesNotExist());
            assertThat(kept).allSatisfy(cg -> assertThat(cg).exists());
        } finally {
            Cgroups.remove(left);
            Cgroups.remove(kept);
        }
    }

    private static Path network(Sandbox sandbox) {
        return Path.of("/run/netns", sandbox.network());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void limitsCoverEveryJvmOfTheClusterWithItsOverheadAndPython() {
        ClusterLimits limits = ClusterLimits.of(3, 256, 2, 1024, 2, 2048, 1);
        // 3 x (256 + 384) + 2 x (1024 + 384 + 512) + 2048 + 384 + 512
        assertThat(limits.memoryBytes()).isEqualTo((3 * 640L + 2 * 1920L + 2944L) << 20);
        assertThat(limits.cpus()).isEqualTo(6.0);
        assertThat(limits.pids()).isEqualTo(ClusterLimits.CLUSTER_PIDS);
    }

    private static String runIn(Sandbox sandbox, Path dir, String script) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(sandbox.wrap(List.of("/bin/bash", "-c", script)));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
