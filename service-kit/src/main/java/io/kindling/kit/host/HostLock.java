package io.kindling.kit.host;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock every process of the host shares, by a file: a lock of this JVM first ({@link FileChannel#lock} is per
 * process, and throws for a second holder in it), then the file's lock, which other JVMs (other services) wait on.
 * The file is root's alone (mode 600): a sandboxed user who could open it could hold it and stall whatever it guards.
 */
public final class HostLock {

    private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** What runs while the lock is held. */
    @FunctionalInterface
    public interface Locked<T> {
        T run() throws IOException, InterruptedException;
    }

    private HostLock() {
    }

    /** Runs {@code work} once no other process of the host holds {@code lockFile}, waiting (interruptibly). */
    public static <T> T hold(Path lockFile, Locked<T> work) throws IOException, InterruptedException {
        ReentrantLock jvm = IN_THIS_JVM.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
        jvm.lockInterruptibly();
        try {
            Files.createDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                Files.setPosixFilePermissions(lockFile, OWNER_ONLY);
                try (FileLock ignored = channel.lock()) {
                    return work.run();
                }
            }
        } finally {
            jvm.unlock();
        }
    }
}
