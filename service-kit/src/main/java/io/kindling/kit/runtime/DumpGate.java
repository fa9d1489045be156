package io.kindling.kit.runtime;

import io.kindling.kit.host.HostLock;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One class-data dump at a time on a host. A dump keeps a core busy for up to a minute; two at once on a small host
 * (each service has its own {@link ClassListArchives}, and services may run as processes of their own) slow every
 * cluster start beside them: a {@link HostLock}.
 */
final class DumpGate {

    /** What runs while the gate is held. */
    @FunctionalInterface
    interface Dump<T> {
        T run() throws IOException, InterruptedException;
    }

    private DumpGate() {
    }

    /** Runs {@code dump} once no other dump on this host runs, waiting (interruptibly) until then. */
    static <T> T hold(Path lockFile, Dump<T> dump) throws IOException, InterruptedException {
        return HostLock.hold(lockFile, dump::run);
    }
}
