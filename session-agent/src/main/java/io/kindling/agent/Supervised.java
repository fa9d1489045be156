package io.kindling.agent;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Runs a main class as long as a parent process lives:
 * {@code java -cp <jars> io.kindling.agent.Supervised <parentPid> <mainClass> <args...>}.
 *
 * <p>Used for the Spark standalone master and workers, so none outlives the control plane, even
 * after {@code kill -9} of the control plane. When the parent exits, {@code System.exit(0)} runs
 * the JVM shutdown hooks: Spark's own hooks stop the daemon, and a stopping worker kills its
 * executors.
 */
public final class Supervised {

    private Supervised() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            System.err.println("usage: Supervised <parentPid> <mainClass> [args...]");
            System.exit(64);
        }
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle parent = ProcessHandle.of(parentPid).filter(ProcessHandle::isAlive).orElse(null);
        if (parent == null) {
            System.err.println("parent process " + parentPid + " is not running; not starting " + args[1]);
            System.exit(0);
        }
        parent.onExit().thenRun(() -> {
            System.err.println("parent process " + parentPid + " exited; stopping " + args[1]);
            System.exit(0);
        });
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
