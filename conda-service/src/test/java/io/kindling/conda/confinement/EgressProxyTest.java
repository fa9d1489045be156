package io.kindling.conda.confinement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The build proxy opens connections to the allowed sources only, and says no to the rest without opening any. */
class EgressProxyTest {

    @Test
    void aTunnelToAnAllowedSourceCarriesBytesBothWays() throws Exception {
        try (ServerSocket source = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             EgressProxy proxy = EgressProxy.start("127.0.0.1", Set.of("127.0.0.1:" + source.getLocalPort()))) {
            Thread echo = new Thread(() -> {
                try (Socket s = source.accept()) {
                    byte[] hello = s.getInputStream().readNBytes(5);
                    s.getOutputStream().write(("echo:" + new String(hello, StandardCharsets.US_ASCII))
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    // the test fails on what it reads
                }
            });
            echo.start();
            try (Socket client = connect(proxy)) {
                send(client, "CONNECT 127.0.0.1:" + source.getLocalPort() + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(statusLine(client.getInputStream())).isEqualTo("HTTP/1.1 200 Connection established");
                client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(client.getInputStream().readNBytes(10), StandardCharsets.US_ASCII))
                        .isEqualTo("echo:hello");
            }
            echo.join(5000);
        }
    }

    @Test
    void anyOtherDestinationIsRefusedAndNeverOpened() throws Exception {
        try (ServerSocket database = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             EgressProxy proxy = EgressProxy.start("127.0.0.1", Set.of("pypi.org:443"))) {
            database.setSoTimeout(300);
            for (String request : List.of("CONNECT 127.0.0.1:" + database.getLocalPort() + " HTTP/1.1\r\n\r\n",
                    "GET http://127.0.0.1:" + database.getLocalPort() + "/ HTTP/1.1\r\n\r\n",
                    // an allowed host name with another port is another destination
                    "CONNECT pypi.org:5432 HTTP/1.1\r\n\r\n")) {
                try (Socket client = connect(proxy)) {
                    send(client, request);
                    assertThat(statusLine(client.getInputStream())).as(request).startsWith("HTTP/1.1 403");
                }
            }
            for (String request : List.of("GET /simple/ HTTP/1.1\r\n\r\n", "GET ftp://pypi.org/ HTTP/1.1\r\n\r\n",
                    "GET http://user:pw@pypi.org/ HTTP/1.1\r\n\r\n", "X".repeat(16 * 1024))) {
                try (Socket client = connect(proxy)) {
                    send(client, request);
                    assertThat(statusLine(client.getInputStream())).as(request.substring(0, 20))
                            .startsWith("HTTP/1.1 400");
                }
            }
            assertThatThrownBy(database::accept).as("a connection reached the refused destination")
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(proxy.refused()).contains("127.0.0.1:" + database.getLocalPort(), "pypi.org:5432");
        }
    }

    @Test
    void aPlainHttpRequestGoesOnInOriginFormWithoutTheProxysHeaders() throws Exception {
        HttpServer index = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 5);
        List<String> seen = new CopyOnWriteArrayList<>();
        index.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI() + " proxy-authorization=" + exchange.getRequestHeaders()
                    .getFirst("Proxy-Authorization"));
            byte[] body = "<a href='tinypkg-1.0.whl'>tinypkg</a>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        index.start();
        String hostPort = "127.0.0.1:" + index.getAddress().getPort();
        try (EgressProxy proxy = EgressProxy.start("127.0.0.1", Set.of(hostPort));
             Socket client = connect(proxy)) {
            send(client, "GET http://" + hostPort + "/simple/tinypkg/?x=1 HTTP/1.1\r\nHost: " + hostPort
                    + "\r\nProxy-Authorization: Basic c2VjcmV0\r\nConnection: keep-alive\r\n\r\n");
            String response = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("<a href='tinypkg-1.0.whl'>tinypkg</a>");
            assertThat(seen).containsExactly("/simple/tinypkg/?x=1 proxy-authorization=null");
        } finally {
            index.stop(0);
        }
    }

    private static Socket connect(EgressProxy proxy) throws IOException {
        String[] hostPort = proxy.url().substring("http://".length()).split(":");
        Socket client = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
        client.setSoTimeout(10_000);
        return client;
    }

    private static void send(Socket client, String text) throws IOException {
        OutputStream out = client.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The response's status line; its headers are read too, so what follows is the body or the tunnel. */
    private static String statusLine(InputStream in) throws IOException {
        String status = line(in);
        while (!line(in).isEmpty()) {
            // a header
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString().strip();
    }
}
