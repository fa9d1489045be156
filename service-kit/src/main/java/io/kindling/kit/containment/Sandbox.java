package io.kindling.kit.containment;

import io.kindling.kit.host.HostLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cluster's isolation: a network namespace ({@code network}) linked to this host by a veth, the host's end at
 * {@code hostAddress} and the cluster's at {@code address} (a /30 of their own, no default route), and the OS user
 * {@code uid} (group {@code gid}) its processes run as. Its processes bind {@code address}; the control plane
 * reaches them there and nowhere else.
 */
public record Sandbox(int index, String network, long uid, long gid, long dataGid, String hostAddress,
                      String address, Path identity, HostIsolation tools) {

    private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

    /**
     * {@code command} as it runs in the sandbox: entered into the namespace as root, given a mount namespace of its
     * own in which {@code /etc/passwd} and {@code /etc/group} also name the sandbox's user (Java and Hadoop refuse to
     * run as a uid without a name), moved into the sandbox's cgroups (its children with it: the cluster's limits hold
     * for all it starts, and no process of it can leave them, not being root), then, in place ({@code exec}: the pid
     * stays the command's), run as that user with only the datastores' group besides its own, no capabilities (none
     * kept, none inheritable, an empty bounding set) and no way to gain any ({@code no_new_privs}: setuid binaries do
     * nothing); what it creates is its own and its group's ({@code umask 007}), nobody else's.
     */
    public List<String> wrap(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of(tools.nsenter(), "--net=/run/netns/" + network, "--",
                tools.unshare(), "--mount", "--propagation", "private", "--",
                "/bin/sh", "-c", "\"$0\" --bind \"$1\" /etc/passwd && \"$0\" --bind \"$2\" /etc/group"
                        + " && while IFS= read -r cg; do echo $$ > \"$cg/cgroup.procs\" || exit 1; done < \"$3\""
                        + " && shift 3 && exec \"$@\"", tools.mount(), identity.resolve("passwd").toString(),
                identity.resolve("group").toString(), cgroupList().toString(),
                tools.setpriv(), "--reuid=" + uid, "--regid=" + gid, "--groups=" + dataGid, "--no-new-privs",
                "--inh-caps=-all", "--bounding-set=-all", "--",
                "/bin/sh", "-c", "umask 007 && exec \"$@\"", "kindling-sandbox"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Where the sandbox's cgroups are listed, one per line (root's, beside its users). */
    Path cgroupList() {
        return identity.resolve("cgroups");
    }

    /** The cgroups its processes join: none if the host gave it none. */
    List<Path> cgroups() {
        try {
            return Files.readAllLines(cgroupList()).stream().filter(l -> !l.isBlank()).map(Path::of).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The name the sandbox's user has inside it. */
    public String userName() {
        return network;
    }

    /**
     * Lets this sandbox read and write under {@code dir} (a datastore of the workspace it serves), and no other sandbox
     * that has not been let in the same way. {@code dir} is a gate: its ACL names each sandbox let in (its group and
     * everyone else get nothing, whatever its mode shows), and the sandbox's removal takes its name off again
     * ({@link Sandboxes#destroy}). Inside, what sandboxes let in write is the datastores' group's ({@code setgid},
     * mode 2770, so the next one let in reads and replaces it); what was already there keeps its owner and mode.
     */
    public void shareData(Path dir) {
        try {
            HostLock.hold(datastoresLock(), () -> {
                Files.createDirectories(dir);
                Files.setAttribute(dir, "unix:gid", (int) dataGid, LinkOption.NOFOLLOW_LINKS);
                // rwxrws---: setgid is not among PosixFilePermission, so the mode is set whole (with an ACL, the
                // group bits are its mask; the group's own entry stays empty)
                Files.setAttribute(dir, "unix:mode", 02770, LinkOption.NOFOLLOW_LINKS);
                Set<Long> users = new TreeSet<>(PosixAcls.users(dir));
                users.add(uid);
                PosixAcls.gate(dir, users);
                // noted before it counts: a removal that finds the note takes the name off
                Path note = datastores();
                String line = dir.toAbsolutePath().normalize().toString();
                if (!Files.exists(note) || !Files.readAllLines(note).contains(line)) {
                    Files.writeString(note, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    Files.setPosixFilePermissions(note, PosixFilePermissions.fromString("rw-------"));
                }
                return null;
            });
            Sandboxes.traversable(dir.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("could not share " + dir + " with sandbox " + network, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sharing " + dir, e);
        }
    }

    /**
     * Takes this sandbox's name off every datastore it was let into ({@link #shareData}): its user id may be another
     * sandbox's next. Those it could not are kept in the note, for the next try.
     */
    void leaveData() {
        Path note = datastores();
        if (!Files.exists(note)) {
            return;
        }
        try {
            HostLock.hold(datastoresLock(), () -> {
                List<String> left = new ArrayList<>();
                for (String line : Files.readAllLines(note)) {
                    Path dir = Path.of(line);
                    try {
                        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                            Set<Long> users = new TreeSet<>(PosixAcls.users(dir));
                            if (users.remove(uid)) {
                                PosixAcls.gate(dir, users);
                            }
                        }
                    } catch (RuntimeException e) {
                        log.warn("could not take sandbox {} off {}: {}", network, dir, e.getMessage());
                        left.add(line);
                    }
                }
                if (left.isEmpty()) {
                    Files.delete(note);
                } else {
                    Files.write(note, left);
                }
                return null;
            });
        } catch (IOException e) {
            log.warn("could not take sandbox {} off its datastores: {}", network, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted before sandbox {} was taken off its datastores", network);
        }
    }

    /** The datastores this sandbox was let into, one per line (root's alone). */
    Path datastores() {
        return identity.resolve("datastores");
    }

    private Path datastoresLock() {
        return identity.getParent().resolve("datastores.lock");
    }

    /**
     * Gives {@code dir} (made if missing) and everything in it to the sandbox's user, readable by it alone, and lets
     * it pass through each parent directory (execute only, no listing): its own files are all it can open there.
     * Hard links to files kept elsewhere stay their owner's.
     */
    public void own(Path dir) {
        try {
            Files.createDirectories(dir);
            chownTree(dir, uid, gid);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Sandboxes.traversable(dir.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("could not give " + dir + " to uid " + uid, e);
        }
    }

    /**
     * Readies {@code dir} for the sandbox's processes: made with its {@code tmp} (their temp and shuffle files), given
     * to the sandbox's user ({@link #own}); and lets them reach each existing directory of {@code reached} (the
     * runtime, the class-data archives) wherever it is ({@link #reach}).
     */
    public void prepare(Path dir, Path... reached) {
        try {
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not make " + dir.resolve("tmp"), e);
        }
        own(dir);
        for (Path other : reached) {
            if (Files.isDirectory(other)) {
                reach(other);
            }
        }
    }

    /**
     * Lets the sandbox's processes reach {@code dir} (a Spark runtime, whose jars and Python they run): each parent
     * becomes passable (execute only) for other users; {@code dir}'s own contents keep their modes.
     */
    public void reach(Path dir) {
        try {
            Sandboxes.traversable(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("could not let sandbox " + network + " reach " + dir, e);
        }
    }

    /** Takes {@code dir} back (root's again), so that a later sandbox with this uid cannot read what was left. */
    public static void disown(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            chownTree(dir, 0, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("could not take back " + dir, e);
        }
    }

    private static void chownTree(Path dir, long uid, long gid) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink()) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                chown(d, uid, gid);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                // a hard link to a file kept elsewhere (a cached environment archive) stays its owner's
                if (!attrs.isRegularFile() || ((Number) Files.getAttribute(file, "unix:nlink",
                        LinkOption.NOFOLLOW_LINKS)).intValue() == 1) {
                    chown(file, uid, gid);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                // gone meanwhile (a process of the cluster still deleting its files): nothing to own
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** lchown: a link the sandbox made is itself given, never what it points at. */
    private static void chown(Path path, long uid, long gid) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
    }
}
