package io.kindling.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.kindling.kit.problem.ApiProblem;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClient;

/** The gateway's internal HTTP calls against a loopback HTTP server standing in for a service. */
class InternalServiceTest {

    private static final Duration TIMEOUT = Duration.ofMillis(800);

    static {
        // the JDK's server writes a reply's headers and body apart: with Nagle on its side and the client's delayed
        // ACK each call would take 40 ms (Tomcat, which the services run on, sets TCP_NODELAY)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final ExecutorService serverThreads = Executors.newFixedThreadPool(4);
    private final List<String> cookiesSeen = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch releaseHung = new CountDownLatch(1);
    private HttpServer server;
    private InternalService service;

    @AfterEach
    void stop() throws Exception {
        releaseHung.countDown();
        if (service != null) {
            service.close();
        }
        if (server != null) {
            server.stop(0);
        }
        serverThreads.shutdownNow();
        assertThat(serverThreads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aReadIsForwardedAndAnsweredWithTheServicesBody() throws Exception {
        start(0);

        assertThat(service.find("/internal/sessions/s-1").orElseThrow().path("id").asString()).isEqualTo("s-1");
        assertThat(service.find("/internal/sessions/missing")).isEmpty();
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsA503() throws Exception {
        start(0);

        assertThatThrownBy(() -> service.find("/internal/hang"))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(problem.code()).isEqualTo("SESSION_SERVICE_UNAVAILABLE");
                    assertThat(problem.getMessage()).contains("session-service did not answer");
                });
    }

    /** A service whose database is away answers 503 with Retry-After: the caller learns it at once, from one call. */
    @Test
    void a503WithRetryAfterIsPassedOnAndNotSentAgain() throws Exception {
        start(0);

        assertThatThrownBy(() -> service.find("/internal/unavailable"))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(problem.code()).isEqualTo("DATABASE_UNAVAILABLE");
                });
        assertThat(calls.get()).isEqualTo(1);
    }

    /** One client serves every user's requests: a cookie one answer sets must not ride along with the next call. */
    @Test
    void aCookieSetByOneAnswerIsNotSentWithTheNextCall() throws Exception {
        start(0);

        service.find("/internal/cookie");
        service.find("/internal/sessions/s-1");

        assertThat(cookiesSeen).hasSize(2).allMatch(String::isEmpty);
    }

    /** The service restarted between two reads: the kept-alive connection is dead, and the read is still answered. */
    @Test
    void aReadAfterTheServiceRestartedIsAnswered() throws Exception {
        start(0);
        assertThat(service.find("/internal/sessions/s-1")).isPresent();
        int port = server.getAddress().getPort();
        server.stop(0);

        server = server(port);
        server.start();

        assertThat(service.find("/internal/sessions/s-1")).isPresent();
    }

    /**
     * The JDK's HttpClient, as Spring drives it, started a thread per call on a host with two processors or fewer
     * (CompletableFuture's default executor there): this fails with it on such a host, as in CI.
     */
    @Test
    void callsStartNoThreadEach() throws Exception {
        start(0);
        service.find("/internal/sessions/s-1");

        long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
        for (int i = 0; i < 200; i++) {
            assertThat(service.find("/internal/sessions/s-" + i)).isPresent();
        }
        long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;

        assertThat(started).as("threads started during 200 calls").isLessThan(20);
    }

    private void start(int port) throws IOException {
        server = server(port);
        server.start();
        service = new InternalService("session-service", URI.create("http://127.0.0.1:"
                + server.getAddress().getPort()), RestClient.builder(), TIMEOUT, CircuitBreakerRegistry.ofDefaults());
    }

    private HttpServer server(int port) throws IOException {
        HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        created.setExecutor(serverThreads);
        created.createContext("/internal/sessions/", exchange -> answer(exchange, () -> {
            String id = exchange.getRequestURI().getPath().substring("/internal/sessions/".length());
            if (id.equals("missing")) {
                reply(exchange, 404, "{\"code\":\"SESSION_NOT_FOUND\"}");
            } else {
                reply(exchange, 200, "{\"id\":\"" + id + "\"}");
            }
        }));
        created.createContext("/internal/hang", exchange -> answer(exchange, () -> {
            releaseHung.await(30, TimeUnit.SECONDS);
            reply(exchange, 200, "{}");
        }));
        created.createContext("/internal/unavailable", exchange -> answer(exchange, () -> {
            exchange.getResponseHeaders().add("Retry-After", "1");
            reply(exchange, 503, "{\"code\":\"DATABASE_UNAVAILABLE\",\"detail\":\"the database is away\"}");
        }));
        created.createContext("/internal/cookie", exchange -> answer(exchange, () -> {
            exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=user-a; Path=/");
            reply(exchange, 200, "{}");
        }));
        return created;
    }

    private void answer(HttpExchange exchange, Answer answer) throws IOException {
        calls.incrementAndGet();
        cookiesSeen.add(String.join(";", exchange.getRequestHeaders().getOrDefault("Cookie", List.of())));
        try {
            answer.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private interface Answer {
        void run() throws IOException, InterruptedException;
    }
}
