package io.kindling.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.context.ConfigurableApplicationContext;

/** Plain GETs on a service's own port (actuator endpoints), as an operator's probe or scraper makes them. */
final class Actuator {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Actuator() {
    }

    static HttpResponse<String> get(Platform platform, String service, String path) {
        return get(platform.service(service), path);
    }

    static HttpResponse<String> get(ConfigurableApplicationContext service, String path) {
        // the gateway's actuator has a port of its own; the other services' is their (loopback) server port
        String port = service.getEnvironment().getProperty("local.management.port",
                service.getEnvironment().getRequiredProperty("local.server.port"));
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
