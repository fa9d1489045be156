package io.kindling.kit.containment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes and removes {@link Sandbox}es. Sandbox {@code i} is the network namespace {@code kindling-<i>} with the veth
 * {@code kh<i>} (host) / {@code kc<i>} (cluster) on the {@code i}-th /30 of the configured block, and the user
 * {@code uidBase + i}. The index is claimed by creating the namespace, which fails if it exists: several control
 * planes on one host (tests) never share one. Everything of a sandbox follows from its cluster address, so a service
 * that did not make it (session-service, for the driver it starts in it) finds it from the master's URL.
 */
public final class Sandboxes {

    private static final Logger log = LoggerFactory.getLogger(Sandboxes.class);
    private static final int SIZE = 16_384;
    private static final String PREFIX = "kindling-";
    private static final Path NETNS = Path.of("/run/netns");
    /** Each sandbox's {@code passwd} and {@code group}, which name its user inside it. */
    private static final Path IDENTITIES = Path.of("/run/kindling-sandboxes");
    private static final String OWNER = "owner";
    private static final String CGROUPS = "cgroups";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int a;
    private final int b;
    private final long uidBase;
    private final HostIsolation host;
    private final Optional<Cgroups> cgroups;

    Sandboxes(ContainmentProperties props, HostIsolation host) {
        this(props, host, Cgroups.probe());
    }

    Sandboxes(ContainmentProperties props, HostIsolation host, Optional<Cgroups> cgroups) {
        this.cgroups = cgroups;
        String[] octets = props.network().substring(0, props.network().indexOf('/')).split("\\.");
        this.a = Integer.parseInt(octets[0]);
        this.b = Integer.parseInt(octets[1]);
        this.uidBase = props.uidBase();
        this.host = host;
    }

    /** Whether clusters' sandboxes get cgroups with their limits (where, if so). */
    public Optional<String> limitedBy() {
        return cgroups.map(Cgroups::toString);
    }

    /**
     * Makes a sandbox: its namespace, its veth pair and addresses, loopback up inside, and its cgroup holding {@code
     * limits} (where this host has cgroups this process may use: {@link #limitedBy()}).
     */
    public Sandbox create(ClusterLimits limits) {
        int start = RANDOM.nextInt(SIZE);
        for (int n = 0; n < SIZE; n++) {
            int i = (start + n) % SIZE;
            if (Files.exists(NETNS.resolve(PREFIX + i)) || !run(false, host.ip(), "netns", "add", PREFIX + i)) {
                continue;
            }
            Sandbox sandbox = sandbox(i);
            try {
                // a user id that an earlier sandbox of this index could not give up everywhere gives it up now
                sandbox.leaveData();
                writeOwner(sandbox);
                if (!run(false, host.ip(), "link", "add", "kh" + i, "type", "veth", "peer", "name", "kc" + i, "netns",
                        sandbox.network())) {
                    // a veth left by a namespace that is still going away: another index
                    run(false, host.ip(), "netns", "del", sandbox.network());
                    continue;
                }
                run(true, host.ip(), "addr", "add", sandbox.hostAddress() + "/30", "dev", "kh" + i);
                run(true, host.ip(), "link", "set", "kh" + i, "up");
                run(true, host.ip(), "-n", sandbox.network(), "addr", "add", sandbox.address() + "/30", "dev",
                        "kc" + i);
                run(true, host.ip(), "-n", sandbox.network(), "link", "set", "kc" + i, "up");
                run(true, host.ip(), "-n", sandbox.network(), "link", "set", "lo", "up");
                writeIdentity(sandbox);
                writeCgroups(sandbox, cgroups.map(c -> c.create(sandbox.network(), limits)).orElse(List.of()));
                return sandbox;
            } catch (RuntimeException e) {
                destroy(sandbox);
                throw e;
            }
        }
        throw new IllegalStateException("no free sandbox: all " + SIZE + " networks of the block are in use");
    }

    /** Removes the sandbox's namespace, veth and cgroups; its processes must have stopped. */
    public void destroy(Sandbox sandbox) {
        // a stopping service removes its clusters' sandboxes from threads being interrupted: the removal (bounded)
        // runs to its end all the same, and the interrupt is kept for the caller
        boolean interrupted = Thread.interrupted();
        try {
            run(false, host.ip(), "link", "del", "kh" + sandbox.index());
            run(false, host.ip(), "netns", "del", sandbox.network());
            Cgroups.remove(sandbox.cgroups());
            sandbox.leaveData();
            removeIdentity(sandbox.identity());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void removeIdentity(Path identity) {
        try {
            // the note of datastores stays while the sandbox's user is still named on one (Sandbox#leaveData)
            for (String file : List.of(CGROUPS, "passwd", "group", OWNER)) {
                Files.deleteIfExists(identity.resolve(file));
            }
            Files.deleteIfExists(identity);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", identity, e.getMessage());
        }
    }

    /** The process that made the sandbox, by its pid and start (a pid alone may be another's by now). */
    private static void writeOwner(Sandbox sandbox) {
        ProcessHandle self = ProcessHandle.current();
        try {
            Files.createDirectories(sandbox.identity());
            Files.writeString(sandbox.identity().resolve(OWNER), self.pid() + " "
                    + self.info().startInstant().map(Instant::toEpochMilli).orElse(0L) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the owner of sandbox " + sandbox.network(), e);
        }
    }

    /** Whether the process that made the sandbox still runs; empty when the sandbox names none. */
    static Optional<Boolean> ownerRuns(Path identity) {
        try {
            String[] owner = Files.readString(identity.resolve(OWNER)).strip().split(" ");
            long started = Long.parseLong(owner[1]);
            return Optional.of(ProcessHandle.of(Long.parseLong(owner[0])).filter(ProcessHandle::isAlive)
                    .flatMap(p -> p.info().startInstant())
                    .map(at -> Math.abs(at.toEpochMilli() - started) < 1_000).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Kills every process in the sandbox (its network namespace: no process of it can leave that without a capability
     * it lacks), daemons that left their parent's process group included, and waits until none is left (bounded).
     *
     * @return how many processes were killed
     */
    public int killAll(Sandbox sandbox) {
        int killed = 0;
        for (int round = 0; round < 50; round++) {
            List<Long> pids = processesIn(sandbox.network()).stream().map(String::strip).map(Long::parseLong)
                    .toList();
            if (pids.isEmpty()) {
                return killed;
            }
            for (long pid : pids) {
                if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                    killed++;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.warn("processes of sandbox {} still running after SIGKILL: {}", sandbox.network(),
                processesIn(sandbox.network()));
        return killed;
    }

    /** This host's users and groups, and the sandbox's user, its group and the datastores' group. */
    private void writeIdentity(Sandbox sandbox) {
        try {
            Files.createDirectories(sandbox.identity());
            String passwd = Files.readString(Path.of("/etc/passwd"));
            String group = Files.readString(Path.of("/etc/group"));
            Files.writeString(sandbox.identity().resolve("passwd"), withNewline(passwd) + sandbox.userName() + ":x:"
                    + sandbox.uid() + ":" + sandbox.gid() + ":Kindling sandbox:/nonexistent:/usr/sbin/nologin\n");
            Files.writeString(sandbox.identity().resolve("group"), withNewline(group) + sandbox.userName() + ":x:"
                    + sandbox.gid() + ":\nkindling-data:x:" + sandbox.dataGid() + ":\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the users of sandbox " + sandbox.network(), e);
        }
    }

    /** The cgroups the sandbox's processes join ({@link Sandbox#wrap}), one per line: none if this host has none. */
    private static void writeCgroups(Sandbox sandbox, List<Path> made) {
        try {
            Files.write(sandbox.cgroupList(), made.stream().map(Path::toString).toList());
        } catch (IOException e) {
            Cgroups.remove(made);
            throw new UncheckedIOException("could not write the cgroups of sandbox " + sandbox.network(), e);
        }
    }

    private static String withNewline(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }

    /**
     * Removes sandboxes left by a control plane that died, once no process is left in them (what runs in a sandbox
     * dies with the service that started it, each by its own means: a sandbox that still holds processes is left for
     * them to show). A sandbox names the process that made it: once that process is gone, the sandbox is abandoned. One
     * that names no owner (being made) is taken for abandoned only once older than {@code olderThan}. Then the cgroups
     * and users that removals left behind, of sandboxes that are gone.
     *
     * @return how many sandboxes were removed
     */
    public int sweep(Duration olderThan) {
        int removed = 0;
        Instant before = Instant.now().minus(olderThan);
        if (Files.isDirectory(NETNS)) {
            try (Stream<Path> names = Files.list(NETNS)) {
                for (Path ns : names.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                    Sandbox sandbox = named(ns.getFileName().toString());
                    boolean abandoned = ownerRuns(sandbox.identity()).map(runs -> !runs)
                            .orElseGet(() -> modified(ns).isBefore(before));
                    if (abandoned && processesIn(sandbox.network()).isEmpty()) {
                        log.info("removing sandbox {}: its owner is gone and no process is left in it",
                                sandbox.network());
                        destroy(sandbox);
                        removed++;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                log.warn("could not sweep old sandboxes: {}", e.getMessage());
            }
        }
        Predicate<String> gone = name -> !Files.exists(NETNS.resolve(name));
        cgroups.ifPresent(c -> c.sweep(gone));
        if (Files.isDirectory(IDENTITIES)) {
            try (Stream<Path> identities = Files.list(IDENTITIES)) {
                for (Path identity : identities.filter(p -> p.getFileName().toString().startsWith(PREFIX))
                        .filter(p -> gone.test(p.getFileName().toString())).toList()) {
                    named(identity.getFileName().toString()).leaveData();
                    removeIdentity(identity);
                }
            } catch (IOException | NumberFormatException e) {
                log.warn("could not sweep the users of old sandboxes: {}", e.getMessage());
            }
        }
        return removed;
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }

    private List<String> processesIn(String network) {
        return output(host.ip(), "netns", "pids", network).lines().filter(l -> !l.isBlank()).toList();
    }

    /** The group every sandbox has besides its own, the datastores': {@code uidBase - 1}. */
    public long dataGroup() {
        return uidBase - 1;
    }

    /** The sandbox whose cluster address is {@code address}, if it is one of this block's. */
    public Optional<Sandbox> at(String address) {
        String[] o = address.split("\\.");
        if (o.length != 4 || !o[0].equals(String.valueOf(a)) || !o[1].equals(String.valueOf(b))) {
            return Optional.empty();
        }
        try {
            int offset = Integer.parseInt(o[2]) * 256 + Integer.parseInt(o[3]);
            return offset % 4 == 2 ? Optional.of(sandbox(offset / 4)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The sandbox whose network is {@code kindling-<i>}. */
    private Sandbox named(String network) {
        return sandbox(Integer.parseInt(network.substring(PREFIX.length())));
    }

    private Sandbox sandbox(int i) {
        int offset = i * 4;
        String net = a + "." + b + "." + (offset / 256) + ".";
        return new Sandbox(i, PREFIX + i, uidBase + i, uidBase + i, dataGroup(), net + (offset % 256 + 1),
                net + (offset % 256 + 2), IDENTITIES.resolve(PREFIX + i), host);
    }

    /** Lets other users pass through {@code dir} and each of its parents (execute, not read: no listing). */
    static void traversable(Path dir) throws IOException {
        for (Path d = dir; d != null; d = d.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(d);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(d, perms);
            }
        }
    }

    private static boolean run(boolean required, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 10 s");
            }
            if (p.exitValue() != 0 && required) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }

    private static String output(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
