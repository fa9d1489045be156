package io.kindling.conda.confinement;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sandboxed build's only way out: an HTTP proxy on the host's end of the build's veth that opens connections to the
 * package sources this install allows ({@code host:port}) and to nothing else. pip and conda find it by {@code
 * HTTPS_PROXY}/{@code HTTP_PROXY}. A {@code CONNECT} (https) is tunnelled as it is; a plain-http request in absolute
 * form goes on with {@code Connection: close}. Any other destination, or anything else, gets a 403 or 400 naming no
 * more than the destination, and nothing is opened: the control plane's own listeners (PostgreSQL, Kafka, the internal
 * APIs) are as far out of a build's reach as out of a cluster's.
 */
final class EgressProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EgressProxy.class);
    /** A request's line and headers: pip's are well under 2 KiB. */
    private static final int MAX_HEAD = 16 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** {@code \r\n\r\n} as the last four bytes read. */
    private static final int END_OF_HEAD = 0x0d0a0d0a;
    /** A download may stall for this long before either side gives up. */
    private static final int IDLE_TIMEOUT_MS = 5 * 60_000;

    private final ServerSocket server;
    private final Set<String> allowed;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "build-egress");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    private EgressProxy(ServerSocket server, Set<String> allowed) {
        this.server = server;
        this.allowed = allowed;
    }

    /**
     * Listens on {@code address} (the host's end of one build's veth: only that build reaches it) for connections to
     * {@code allowed}, each {@code host:port} in lower case.
     */
    static EgressProxy start(String address, Set<String> allowed) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(address), 0), 50);
        EgressProxy proxy = new EgressProxy(server, Set.copyOf(allowed));
        proxy.threads.execute(proxy::accept);
        return proxy;
    }

    /** The proxy's URL, as {@code HTTPS_PROXY} takes it. */
    String url() {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort();
    }

    /** The destinations refused so far ({@code host:port}), for the build's log. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.debug("build egress proxy: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(IDLE_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            Optional<String> head = readHead(in);
            if (head.isEmpty()) {
                respond(out, 400, "a request line and headers of at most " + MAX_HEAD + " bytes");
                return;
            }
            String[] lines = head.get().split("\r\n");
            String[] request = lines[0].split(" ");
            Optional<Destination> destination = request.length == 3 ? Destination.of(request[0], request[1])
                    : Optional.empty();
            if (destination.isEmpty()) {
                respond(out, 400, "not a proxy request");
                return;
            }
            Destination to = destination.get();
            if (!allowed.contains(to.hostPort())) {
                refused.add(to.hostPort());
                respond(out, 403, to.hostPort() + " is not a package source this install allows");
                return;
            }
            try (Socket upstream = new Socket()) {
                upstream.connect(new InetSocketAddress(to.host(), to.port()), CONNECT_TIMEOUT_MS);
                upstream.setSoTimeout(IDLE_TIMEOUT_MS);
                open.add(upstream);
                if (to.tunnel()) {
                    out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } else {
                    upstream.getOutputStream().write(forwarded(request[0], to.path(), lines));
                }
                threads.execute(() -> pipe(upstream, client));
                pipe(client, in, upstream);
            } catch (IOException e) {
                respond(out, 502, to.hostPort() + " could not be reached");
            }
        } catch (IOException e) {
            log.debug("build egress proxy: {}", e.getMessage());
        } finally {
            open.remove(client);
        }
    }

    /** A plain-http request as the origin takes it: its path, the client's headers but the proxy's, no keep-alive. */
    private static byte[] forwarded(String method, String path, String[] lines) {
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        for (int i = 1; i < lines.length; i++) {
            String name = lines[i].contains(":") ? lines[i].substring(0, lines[i].indexOf(':')).strip()
                    .toLowerCase(Locale.ROOT) : "";
            if (!name.startsWith("proxy-") && !name.equals("connection") && !name.equals("keep-alive")) {
                head.append(lines[i]).append("\r\n");
            }
        }
        return head.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads up to the blank line ending the headers: empty if there is none within {@link #MAX_HEAD}. */
    private static Optional<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (head.size() < MAX_HEAD) {
            int b = in.read();
            if (b < 0) {
                return Optional.empty();
            }
            head.write(b);
            last4 = (last4 << 8) | b;
            if (last4 == END_OF_HEAD) {
                String text = head.toString(StandardCharsets.ISO_8859_1);
                return Optional.of(text.substring(0, text.length() - 4));
            }
        }
        return Optional.empty();
    }

    private static void respond(OutputStream out, int status, String why) {
        byte[] body = ("Kindling's build proxy: " + why + "\n").getBytes(StandardCharsets.UTF_8);
        String reason = switch (status) {
            case 403 -> "Forbidden";
            case 502 -> "Bad Gateway";
            default -> "Bad Request";
        };
        try {
            out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            log.debug("build egress proxy: {}", e.getMessage());
        }
    }

    private static void pipe(Socket from, Socket to) {
        try {
            pipe(from, from.getInputStream(), to);
        } catch (IOException e) {
            log.debug("build egress proxy: {}", e.getMessage());
        }
    }

    /** Copies until {@code in} ends, then ends {@code to}'s output (its peer sees the end; the other way goes on). */
    private static void pipe(Socket from, InputStream in, Socket to) {
        try {
            in.transferTo(to.getOutputStream());
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
            return;
        }
        try {
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }

    /** Stops listening and cuts every connection under way. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("build egress proxy: {}", e.getMessage());
        }
        open.forEach(EgressProxy::closeQuietly);
        threads.shutdownNow();
    }

    /** Where a request goes: a tunnel's {@code host:port}, or an http URL's host, port and path. */
    record Destination(String host, int port, String path, boolean tunnel) {

        String hostPort() {
            return host.toLowerCase(Locale.ROOT) + ":" + port;
        }

        static Optional<Destination> of(String method, String target) {
            if (method.equals("CONNECT")) {
                int colon = target.lastIndexOf(':');
                if (colon <= 0) {
                    return Optional.empty();
                }
                try {
                    int port = Integer.parseInt(target.substring(colon + 1));
                    String host = target.substring(0, colon).replaceAll("^\\[|]$", "");
                    return port > 0 && port < 65536 ? Optional.of(new Destination(host, port, "", true))
                            : Optional.empty();
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
            try {
                URI uri = new URI(target);
                if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
                        || !method.matches("[A-Z]{3,7}")) {
                    return Optional.empty();
                }
                String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
                String host = uri.getHost().replaceAll("^\\[|]$", "");
                return Optional.of(new Destination(host, uri.getPort() < 0 ? 80 : uri.getPort(), path, false));
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }
    }
}
