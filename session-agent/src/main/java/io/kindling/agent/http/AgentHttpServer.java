package io.kindling.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP server: loopback only, JSON in and out, every request authenticated with the
 * shared secret. Errors are {@code {"error": "..."}}; stack traces go to the log only.
 */
public final class AgentHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(AgentHttpServer.class);
    /** Handler threads; statement long-polls hold one each for up to 30 s. */
    private static final int THREADS = 32;
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;
    private final SecretCheck secret;
    private final AgentApi api;
    private final ObjectMapper mapper;

    private AgentHttpServer(HttpServer server, ExecutorService threads, SecretCheck secret, AgentApi api,
            ObjectMapper mapper) {
        this.server = server;
        this.threads = threads;
        this.secret = secret;
        this.api = api;
        this.mapper = mapper;
    }

    /** Binds {@code address}:{@code port} and starts serving. */
    public static AgentHttpServer start(InetAddress address, int port, SecretCheck secret, AgentApi api,
                                        ObjectMapper mapper)
            throws IOException {
        // the JDK server writes a response's headers and body apart; with Nagle on, the body waits for the
        // client's delayed ACK (~40 ms on Linux) on every call: a 1 ms statement took 44 ms to submit and poll
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 64);
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "kindling-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        AgentHttpServer agentServer = new AgentHttpServer(server, threads, secret, api, mapper);
        server.setExecutor(threads);
        server.createContext("/", agentServer::serve);
        server.start();
        LOG.info("agent API listening on {}", server.getAddress());
        return agentServer;
    }

    /** Stops accepting requests. */
    public void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void serve(HttpExchange exchange) throws IOException {
        AgentApi.Reply reply;
        try {
            if (!secret.matches(exchange.getRequestHeaders().getFirst(SecretCheck.HEADER))) {
                throw new ApiException(401, "missing or wrong " + SecretCheck.HEADER + " header");
            }
            reply = api.handle(request(exchange));
        } catch (ApiException e) {
            reply = AgentApi.Reply.of(e.status(), Map.of("error", e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = AgentApi.Reply.of(503, Map.of("error", "agent is stopping"));
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            reply = AgentApi.Reply.of(500, Map.of("error", "internal error: " + e.getClass().getSimpleName()));
        }
        send(exchange, reply);
        if (reply.afterSend() != null) {
            reply.afterSend().run();
        }
    }

    private AgentApi.Request request(HttpExchange exchange) throws IOException {
        List<String> path = Arrays.stream(exchange.getRequestURI().getPath().split("/"))
                .filter(part -> !part.isEmpty()).toList();
        return new AgentApi.Request(exchange.getRequestMethod(), path,
                query(exchange.getRequestURI().getRawQuery()), body(exchange));
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ApiException(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            return bytes.length == 0 ? null : mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "request body is not JSON: " + e.getOriginalMessage());
        }
    }

    static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private void send(HttpExchange exchange, AgentApi.Reply reply) throws IOException {
        try (exchange) {
            if (reply.body() == null) {
                exchange.sendResponseHeaders(reply.status(), -1);
                return;
            }
            byte[] json = mapper.writeValueAsBytes(reply.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), json.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(json);
            }
        }
    }
}
