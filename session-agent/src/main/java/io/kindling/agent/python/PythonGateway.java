package io.kindling.agent.python;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import py4j.ClientServer;

/**
 * The agent's Py4J server, through which its sessions' Python interpreters drive the JVM (as PySpark's own driver
 * does): on loopback only, with a secret the interpreters get in their environment. In PySpark's pinned-thread mode
 * (its default), each Python thread has a JVM thread of its own, so a statement's job group and local properties
 * stay its own. Started on the first Python session, stopped with the agent.
 */
public final class PythonGateway implements AutoCloseable {

    private final ClientServer server;
    private final String secret;

    private PythonGateway(ClientServer server, String secret) {
        this.server = server;
        this.secret = secret;
    }

    /** Starts a server on a free loopback port. */
    public static PythonGateway start() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String secret = HexFormat.of().formatHex(bytes);
        ClientServer server = new ClientServer.ClientServerBuilder()
                .javaAddress(InetAddress.getLoopbackAddress()).javaPort(0).authToken(secret)
                .autoStartJavaServer(false).build();
        server.startServer(true);
        return new PythonGateway(server, secret);
    }

    public int port() {
        return server.getJavaServer().getListeningPort();
    }

    public String secret() {
        return secret;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
