package io.kindling.kit.containment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kernel's cgroups, where this process may make them: a cgroup per sandbox under this process's own (so that
 * what holds the control plane holds its clusters too), limited to its {@link ClusterLimits}. Version 2 (one
 * hierarchy) or version 1 (a hierarchy per controller: {@code memory}, {@code cpu}, {@code pids}). On version 2 the
 * control plane's cgroup must be able to hand the controllers down, which it cannot while it holds processes itself
 * (the kernel's no-internal-processes rule; systemd's {@code Delegate=yes} with the service in a leaf of its own does
 * it): then there are no limits, and the start says so.
 */
final class Cgroups {

    private static final Logger log = LoggerFactory.getLogger(Cgroups.class);
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final String[] V1_CONTROLLERS = {"memory", "cpu", "pids"};
    private static final String PARENT = "kindling";
    private static final Duration BUSY_FOR = Duration.ofSeconds(5);

    private final boolean v2;
    /** Where each sandbox's cgroup is made: one folder (v2) or one per controller (v1). */
    private final List<Path> parents;

    private Cgroups(boolean v2, List<Path> parents) {
        this.v2 = v2;
        this.parents = List.copyOf(parents);
    }

    /** This host's cgroups as this process may use them, or why not. */
    static Optional<Cgroups> probe() {
        try {
            List<String> own = Files.readAllLines(Path.of("/proc/self/cgroup"));
            if (Files.exists(ROOT.resolve("cgroup.controllers"))) {
                return v2(own);
            }
            return v1(own);
        } catch (IOException | RuntimeException e) {
            log.warn("no cgroup limits for clusters: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Cgroups> v2(List<String> own) throws IOException {
        String path = own.stream().filter(l -> l.startsWith("0::")).map(l -> l.substring(3)).findFirst().orElse("/");
        Path base = ROOT.resolve(path.substring(1));
        try {
            enable(base);
            Path parent = Files.createDirectories(base.resolve(PARENT));
            enable(parent);
            return Optional.of(new Cgroups(true, List.of(parent)));
        } catch (IOException e) {
            log.warn("no cgroup limits for clusters: cgroup {} cannot hand memory, cpu and pids down ({}); run the "
                    + "control plane in a delegated cgroup of its own", base, e.getMessage());
            return Optional.empty();
        }
    }

    private static void enable(Path cgroup) throws IOException {
        String enabled = Files.readString(cgroup.resolve("cgroup.subtree_control"));
        if (!(enabled.contains("memory") && enabled.contains("cpu") && enabled.contains("pids"))) {
            Files.writeString(cgroup.resolve("cgroup.subtree_control"), "+memory +cpu +pids");
        }
    }

    private static Optional<Cgroups> v1(List<String> own) throws IOException {
        List<Path> parents = new ArrayList<>();
        for (String controller : V1_CONTROLLERS) {
            String path = own.stream().map(l -> l.split(":", 3)).filter(f -> f.length == 3
                    && List.of(f[1].split(",")).contains(controller)).map(f -> f[2]).findFirst().orElse(null);
            Path mount = ROOT.resolve(controller);
            if (path == null || !Files.exists(mount.resolve("cgroup.procs"))) {
                log.warn("no cgroup limits for clusters: no {} controller at {}", controller, mount);
                return Optional.empty();
            }
            Path base = mount.resolve(path.substring(1));
            parents.add(Files.createDirectories((Files.isDirectory(base) ? base : mount).resolve(PARENT)));
        }
        return Optional.of(new Cgroups(false, parents));
    }

    /** Makes {@code name}'s cgroup(s) with {@code limits}; returns them (its processes join by their pid). */
    List<Path> create(String name, ClusterLimits limits) {
        List<Path> made = new ArrayList<>();
        try {
            for (Path parent : parents) {
                made.add(Files.createDirectories(parent.resolve(name)));
            }
            if (v2) {
                Path cg = made.get(0);
                write(cg.resolve("memory.max"), limits.memoryBytes());
                if (Files.exists(cg.resolve("memory.swap.max"))) {
                    write(cg.resolve("memory.swap.max"), 0);
                }
                Files.writeString(cg.resolve("cpu.max"), quota(limits) + " 100000");
                write(cg.resolve("pids.max"), limits.pids());
            } else {
                write(made.get(0).resolve("memory.limit_in_bytes"), limits.memoryBytes());
                if (Files.exists(made.get(0).resolve("memory.memsw.limit_in_bytes"))) {
                    // memory and swap together: beyond the limit a cluster is killed, not swapped out
                    write(made.get(0).resolve("memory.memsw.limit_in_bytes"), limits.memoryBytes());
                }
                Files.writeString(made.get(1).resolve("cpu.cfs_period_us"), "100000");
                write(made.get(1).resolve("cpu.cfs_quota_us"), quota(limits));
                write(made.get(2).resolve("pids.max"), limits.pids());
            }
            return made;
        } catch (IOException | RuntimeException e) {
            remove(made);
            throw new IllegalStateException("could not make cgroup " + name + ": " + e.getMessage(), e);
        }
    }

    private static long quota(ClusterLimits limits) {
        return Math.round(limits.cpus() * 100_000);
    }

    private static void write(Path file, long value) throws IOException {
        Files.writeString(file, Long.toString(value), StandardCharsets.US_ASCII);
    }

    /**
     * Removes cgroups whose processes have all stopped. A process killed a moment ago may still be leaving (the kernel
     * says busy until it has): each is tried again for a few seconds; one that still holds processes then stays, and
     * is said so ({@link #sweep} takes it later).
     */
    static void remove(List<Path> cgroups) {
        long deadline = System.nanoTime() + BUSY_FOR.toNanos();
        for (Path cg : cgroups) {
            while (true) {
                try {
                    Files.deleteIfExists(cg);
                    break;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline || !pause()) {
                        log.warn("could not remove cgroup {}: {}", cg, e.getMessage());
                        break;
                    }
                }
            }
        }
    }

    /** Waits a moment; false if interrupted (the interrupt kept), and the caller stops trying. */
    private static boolean pause() {
        try {
            Thread.sleep(50);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Removes this process's sandbox cgroups whose sandbox is gone ({@code gone} says so by name) and which hold no
     * process: those a removal left because the sandbox's last processes were still leaving.
     *
     * @return how many were removed
     */
    int sweep(Predicate<String> gone) {
        int removed = 0;
        for (Path parent : parents) {
            try (Stream<Path> children = Files.list(parent)) {
                for (Path cg : children.filter(Files::isDirectory).toList()) {
                    if (cg.getFileName().toString().startsWith(PARENT + "-") && gone.test(cg.getFileName().toString())) {
                        try {
                            Files.deleteIfExists(cg);
                            removed++;
                        } catch (IOException e) {
                            log.warn("could not remove cgroup {}: {}", cg, e.getMessage());
                        }
                    }
                }
            } catch (IOException e) {
                log.warn("could not list cgroups under {}: {}", parent, e.getMessage());
            }
        }
        return removed;
    }

    @Override
    public String toString() {
        return (v2 ? "cgroup v2 under " : "cgroup v1 under ") + parents;
    }
}
