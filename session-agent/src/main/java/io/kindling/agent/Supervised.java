package io.kindling.agent;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
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

    /**
     * {@code host:port} that must accept connections before the main class runs. A Spark worker started before its
     * master listens fails its first registration and tries again only 5 to 15 s later (Spark's fixed, fuzzed
     * interval): a cold start then took 13 s longer. Started together, the worker's JVM boots and loads its classes
     * while the master starts, and registers once the master listens.
     */
    public static final String AWAIT = "kindling.supervised.await";
    private static final long AWAIT_MILLIS = 60_000;

    private Supervised() {
    }

    private static void awaitListening(String hostPort) throws InterruptedException {
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1)));
        long until = System.nanoTime() + AWAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < until) {
            try (Socket socket = new Socket()) {
                socket.connect(address, 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        // the main class's own retries and errors take it from here
        System.err.println(hostPort + " did not accept connections within " + AWAIT_MILLIS / 1000 + " s");
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
        String await = System.getProperty(AWAIT);
        if (await != null) {
            awaitListening(await);
        }
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
