package io.kindling.platform.load;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bounded loopback load on the gateway: {@code creates} session requests, then as many status reads of them,
 * each from {@code concurrency} threads over kept-alive connections, all within {@code cap}. It counts every
 * answer that is not the expected one (202 for a create, 200 for a read) as an error, and measures each call.
 * Used by the load test and {@code bin/kindling bench --only load}.
 */
public final class SessionLoad {

    public static final String BODY = "{\"name\":\"load\",\"numExecutors\":1,\"executorMemory\":\"512m\","
            + "\"driverMemory\":\"512m\",\"timeoutMinutes\":5}";
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"(s-[0-9a-f]+)\"");

    /** What one phase (creates or reads) did. */
    public record Phase(int calls, int errors, Duration took, long p50Micros, long p99Micros, long maxMicros,
                        List<String> errorSamples) {

        public double perSecond() {
            return calls / Math.max(1e-9, took.toNanos() / 1e9);
        }
    }

    /** Both phases, and the ids of the sessions created. */
    public record Result(Phase creates, Phase reads, List<String> sessionIds) {
    }

    private final URI gateway;
    private final Function<String, String> tokens;
    private final int users;
    private final int concurrency;

    /**
     * @param gateway     the gateway's base URL (loopback)
     * @param tokens      a bearer token for a user name
     * @param users       how many users the load comes from ({@code load-0} ..)
     * @param concurrency calls in flight at once
     */
    public SessionLoad(String gateway, Function<String, String> tokens, int users, int concurrency) {
        this.gateway = URI.create(gateway);
        this.tokens = tokens;
        this.users = users;
        this.concurrency = concurrency;
    }

    public Result run(int creates, Duration cap) throws InterruptedException {
        long deadline = System.nanoTime() + cap.toNanos();
        Map<Integer, String> bearer = bearers();
        List<String> ids = Collections.synchronizedList(new ArrayList<>(creates));
        List<String> owners = Collections.synchronizedList(new ArrayList<>(creates));
        Phase created = phase(creates, deadline, create(bearer, ids, owners));
        List<String> made = List.copyOf(ids);
        List<String> madeBy = List.copyOf(owners);
        Phase read = made.isEmpty() ? new Phase(0, 0, Duration.ZERO, 0, 0, 0, List.of())
                : phase(creates, deadline, (connection, i) -> {
                    int which = i % made.size();
                    KeptAliveConnection.Answer answer = connection.send("GET", "/api/v1/sessions/" + made.get(which),
                            madeBy.get(which), null);
                    return answer.status() == 200 ? null : answer.status() + " " + answer.body();
                });
        return new Result(created, read, made);
    }

    /**
     * {@code creates} session requests one at a time at a steady {@code perSecond} (no burst, no reads): the load
     * under which event hop latencies are measured. A call that overruns its slot delays the next ones.
     */
    public Phase paced(int creates, int perSecond) throws InterruptedException {
        Call call = create(bearers(), Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()));
        long interval = 1_000_000_000L / perSecond;
        long[] micros = new long[creates];
        int errors = 0;
        List<String> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        try (KeptAliveConnection connection = new KeptAliveConnection(gateway)) {
            for (int i = 0; i < creates; i++) {
                long wait = t0 + i * interval - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                long start = System.nanoTime();
                String failure = attempt(call, connection, i);
                micros[i] = (System.nanoTime() - start) / 1_000;
                if (failure != null && errors++ < 5) {
                    samples.add(failure);
                }
            }
        }
        long[] sorted = java.util.Arrays.stream(micros).sorted().toArray();
        return new Phase(creates, errors, Duration.ofNanos(System.nanoTime() - t0), percentile(sorted, 0.50),
                percentile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1], List.copyOf(samples));
    }

    private Map<Integer, String> bearers() {
        Map<Integer, String> bearer = new ConcurrentHashMap<>();
        for (int u = 0; u < users; u++) {
            bearer.put(u, "Bearer " + tokens.apply("load-" + u));
        }
        return bearer;
    }

    /** Creates a session as user {@code index % users}; records its id and its owner's bearer. */
    private Call create(Map<Integer, String> bearer, List<String> ids, List<String> owners) {
        return (connection, i) -> {
            int user = i % users;
            KeptAliveConnection.Answer answer = connection.send("POST", "/api/v1/sessions", bearer.get(user), BODY);
            if (answer.status() != 202) {
                return answer.status() + " " + answer.body();
            }
            Matcher id = ID.matcher(answer.body());
            if (!id.find()) {
                return "202 without an id: " + answer.body();
            }
            synchronized (ids) {
                ids.add(id.group(1));
                owners.add(bearer.get(user));
            }
            return null;
        };
    }

    /** One call; returns null when it got the expected answer, else what it got. */
    private interface Call {
        String run(KeptAliveConnection connection, int index) throws IOException;
    }

    private Phase phase(int calls, long deadline, Call call) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long[] micros = new long[calls];
        AtomicInteger done = new AtomicInteger();
        List<String> samples = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            pool.execute(() -> {
                int i;
                try (KeptAliveConnection connection = new KeptAliveConnection(gateway)) {
                    while ((i = next.getAndIncrement()) < calls && System.nanoTime() < deadline) {
                        long start = System.nanoTime();
                        String failure = attempt(call, connection, i);
                        micros[i] = (System.nanoTime() - start) / 1_000;
                        done.incrementAndGet();
                        if (failure != null) {
                            errors.incrementAndGet();
                            if (samples.size() < 5) {
                                samples.add(failure);
                            }
                        }
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(Math.max(1, (deadline - System.nanoTime()) / 1_000_000) + 35_000,
                TimeUnit.MILLISECONDS)) {
            pool.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        int finished = done.get();
        long[] sorted = java.util.Arrays.stream(micros).limit(Math.min(calls, next.get())).filter(m -> m > 0)
                .sorted().toArray();
        int missing = calls - finished;
        if (missing > 0) {
            samples.add(missing + " calls not made within the time cap");
        }
        return new Phase(finished, errors.get() + missing, took, percentile(sorted, 0.50), percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1], List.copyOf(samples));
    }

    /** Makes one call; returns null when it got the expected answer, else what it got (at most 300 characters). */
    private static String attempt(Call call, KeptAliveConnection connection, int index) {
        String failure;
        try {
            failure = call.run(connection, index);
        } catch (IOException | RuntimeException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return failure == null || failure.length() <= 300 ? failure : failure.substring(0, 300);
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
