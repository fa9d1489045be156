package io.kindling.session.job;

import io.kindling.kit.containment.ControlPlaneAddresses;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a cluster-mode driver's stdout and stderr where Spark keeps them: in the directory of the worker that runs
 * it, served by that worker's web UI ({@code /log?driverId=..&logType=..}). The worker is found through the
 * master's {@code /json/}. Nothing here needs the cluster's disks, so it works wherever the cluster runs.
 */
public class DriverLogs {

    /** The tail of one stream; {@code skipped} bytes before it were left out. */
    public record Tail(String text, long skipped) {
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DriverLogs.class);
    private static final Pattern HEADER = Pattern.compile("==== Bytes (\\d+)-(\\d+) of (\\d+) of .*====\\s*");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final JsonMapper json;
    private final Duration timeout;

    public DriverLogs(JsonMapper json, Duration timeout) {
        this.json = json;
        this.timeout = timeout;
    }

    /**
     * @param masterUi the cluster master's web UI
     * @param workerId the worker running (or that ran) the driver, as the submission status names it, or {@code
     *                 null} to look it up in the master's record of the driver
     * @param stream   {@code stdout} or {@code stderr}
     * @param limit    at most this many bytes, from the end
     * @return empty when the worker or its log cannot be reached
     */
    public Optional<Tail> tail(String masterUi, String workerId, String driverId, String stream, long limit) {
        try {
            Optional<String> workerUi = workerUi(masterUi, workerId, driverId);
            if (workerUi.isEmpty()) {
                log.warn("no worker {} in the master's list at {}; the log of {} is not reachable", workerId, masterUi,
                        driverId);
                return Optional.empty();
            }
            String url = workerUi.get() + "/log/?driverId=" + URLEncoder.encode(driverId, StandardCharsets.UTF_8)
                    + "&logType=" + stream + "&byteLength=" + limit;
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                log.warn("{} answered {}", url, response.statusCode());
                return Optional.empty();
            }
            return Optional.of(parse(response.body()));
        } catch (IOException e) {
            log.warn("the {} of {} is not reachable: {}", stream, driverId, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Spark answers {@code ==== Bytes <from>-<to> of <length> of <path> ====} and then the bytes. */
    static Tail parse(String body) {
        int newline = body.indexOf('\n');
        if (newline < 0) {
            return new Tail(body, 0);
        }
        Matcher header = HEADER.matcher(body.substring(0, newline + 1));
        if (!header.matches()) {
            return new Tail(body, 0);
        }
        return new Tail(body.substring(newline + 1), Long.parseLong(header.group(1)));
    }

    /**
     * A worker UI the master advertised, if Kindling may fetch it: on the master's own host, or on an address that
     * is not the control plane's own or its metadata service's (a pool's master is the pool admin's, and it could
     * name any URL). Anything else is not fetched, and said in the log.
     */
    static Optional<String> advertised(URI masterUi, String workerUi) {
        URI worker;
        try {
            worker = URI.create(workerUi);
        } catch (IllegalArgumentException e) {
            log.warn("the master at {} advertised a worker UI that is not a URL; not fetched", masterUi);
            return Optional.empty();
        }
        boolean http = "http".equals(worker.getScheme()) || "https".equals(worker.getScheme());
        boolean sameHost = worker.getHost() != null && worker.getHost().equalsIgnoreCase(masterUi.getHost());
        if (!http || !(sameHost || ControlPlaneAddresses.allowed(worker))) {
            log.warn("the master at {} advertised worker UI {}, which is neither on its host nor on the network; "
                    + "not fetched", masterUi, workerUi);
            return Optional.empty();
        }
        return Optional.of(workerUi);
    }

    /** The web UI of the worker that runs (ran) the driver: the hint, or the master's record of the driver. */
    private Optional<String> workerUi(String masterUi, String workerId, String driverId)
            throws IOException, InterruptedException {
        if (masterUi == null) {
            return Optional.empty();
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(masterUi + "/json/"))
                .timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode master = json.readTree(response.body());
        String worker = workerId;
        for (String list : new String[] {"activedrivers", "completeddrivers"}) {
            for (JsonNode driver : master.path(list)) {
                if (worker == null && driverId.equals(driver.path("id").asString())) {
                    worker = driver.path("worker").asString(null);
                }
            }
        }
        for (JsonNode w : master.path("workers")) {
            if (w.path("id").asString().equals(worker)) {
                return advertised(URI.create(masterUi), w.path("webuiaddress").asString(""));
            }
        }
        return Optional.empty();
    }
}
