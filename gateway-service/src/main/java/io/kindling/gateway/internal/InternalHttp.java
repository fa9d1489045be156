package io.kindling.gateway.internal;

import java.time.Duration;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * The HTTP client of the gateway's internal calls: Apache HttpClient's blocking client over a pool of kept-alive
 * connections, one pool per service.
 * <p>
 * Not the JDK's HttpClient: Spring drives it through {@code sendAsync}, which hands every response to
 * CompletableFuture's default executor, and on a host with two processors or fewer (the common pool's parallelism is
 * 1) that executor starts a new thread for each task. Every session read the gateway forwarded started a thread and
 * ended it (13,000 of them in one load bench round, JFR).
 * <p>
 * What it does is spelled out, since one client serves every user's requests: no cookies kept between calls, no
 * redirects followed, no compression asked for, and a retry only where the JDK's client made one too: an idempotent
 * call whose kept-alive connection turned out closed, once, at once. A status is never retried: a 503 with
 * {@code Retry-After} (a service whose database is away) reaches the caller as it is.
 */
final class InternalHttp {

    /** Calls one gateway makes to one service at once: Tomcat's request threads, each forwarding one call. */
    private static final int MAX_CONNECTIONS = 200;

    /** A kept-alive connection idle longer than this is checked before it is reused: the service may have closed it. */
    private static final TimeValue CHECK_AFTER_IDLE = TimeValue.ofSeconds(1);

    private InternalHttp() {
    }

    /**
     * A request factory whose calls wait at most {@code timeout} for a pooled connection, for the connect, and for
     * each read of the answer.
     */
    static HttpComponentsClientHttpRequestFactory requestFactory(Duration timeout) {
        Timeout bound = Timeout.of(timeout);
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(bound)
                        .setSocketTimeout(bound)
                        .setValidateAfterInactivity(CHECK_AFTER_IDLE)
                        .build())
                .build();
        var client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(bound)
                        .setResponseTimeout(bound)
                        .build())
                .setRetryStrategy(new ClosedConnectionRetry())
                .disableCookieManagement()
                .disableRedirectHandling()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        return new HttpComponentsClientHttpRequestFactory(client);
    }

    /** An idempotent call is sent again once when its connection failed (HttpClient's rules); a status never is. */
    private static final class ClosedConnectionRetry extends DefaultHttpRequestRetryStrategy {

        ClosedConnectionRetry() {
            super(1, TimeValue.ZERO_MILLISECONDS);
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            return false;
        }
    }
}
