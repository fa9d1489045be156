package io.kindling.kit.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One class-data dump at a time on a host. A dump keeps a core busy for up to a minute; two at once on a small host
 * (each service has its own {@link ClassListArchives}, and services may run as processes of their own) slow every
 * cluster start beside them. A lock of this JVM first ({@link FileChannel#lock} is per process), then a file lock
 * other JVMs on the host share.
 */
final class DumpGate {

    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** What runs while the gate is held. */
    @FunctionalInterface
    interface Dump<T> {
        T run() throws IOException, InterruptedException;
    }

    private DumpGate() {
    }

    /** Runs {@code dump} once no other dump on this host runs, waiting (interruptibly) until then. */
    static <T> T hold(Path lockFile, Dump<T> dump) throws IOException, InterruptedException {
        IN_THIS_JVM.lockInterruptibly();
        try {
            Files.createDirectories(lockFile.getParent());
            // root's alone: a sandboxed user who could open it could hold a lock on it and stall every dump
            try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                Files.setPosixFilePermissions(lockFile, OWNER_ONLY);
                try (FileLock ignored = channel.lock()) {
                    return dump.run();
                }
            }
        } finally {
            IN_THIS_JVM.unlock();
        }
    }
}
