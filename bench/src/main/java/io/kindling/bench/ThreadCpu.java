package io.kindling.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the machine's CPU went while something ran: this JVM's threads by what they do (the requests, the services'
 * consumers, the outbox relays, the broker), the rest of the JVM's CPU (the garbage collector, the JIT compiler, and
 * threads that ended in between, such as the load's own pool, which ends with each burst) and PostgreSQL's processes,
 * read from {@code /proc}. The bench counts the JVM's CPU per session; this says which part of the platform took it,
 * which the per-session figure cannot.
 */
final class ThreadCpu {

    /** The JVM's CPU besides its live threads. */
    private static final String REST = "GC, JIT, load";
    /** The kinds of work, in the order they are reported. */
    private static final String[] KINDS = {"requests", "consumers", "relays", "broker", "other threads", REST,
        "PostgreSQL"};
    private static final long TICKS_PER_SECOND = 100;

    private final Map<Long, Long> byThread;
    private final long process;
    private final long postgres;
    private final Map<Long, String> names;

    private ThreadCpu(Map<Long, Long> byThread, Map<Long, String> names, long process, long postgres) {
        this.byThread = byThread;
        this.names = names;
        this.process = process;
        this.postgres = postgres;
    }

    static ThreadCpu now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos >= 0) {
                cpu.put(info.getThreadId(), nanos);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
        return new ThreadCpu(cpu, names, PlatformProbe.cpuNanos(), postgresNanos());
    }

    /** The CPU each kind of work took since {@code before}, in ms; threads that ended in between count as the rest. */
    Map<String, Double> since(ThreadCpu before) {
        Map<String, Double> ms = new LinkedHashMap<>();
        for (String kind : KINDS) {
            ms.put(kind, 0.0);
        }
        double threadsTotal = 0;
        for (Map.Entry<Long, Long> thread : byThread.entrySet()) {
            double took = (thread.getValue() - before.byThread.getOrDefault(thread.getKey(), 0L)) / 1e6;
            ms.merge(kind(names.get(thread.getKey())), took, Double::sum);
            threadsTotal += took;
        }
        ms.put(REST, Math.max(0, (process - before.process) / 1e6 - threadsTotal));
        ms.put("PostgreSQL", (postgres - before.postgres) / 1e6);
        return ms;
    }

    /** {@code requests 31%, consumers 28%, ...}: each kind's share of everything measured. */
    static String shares(Map<String, Double> ms) {
        double total = ms.values().stream().mapToDouble(Double::doubleValue).sum();
        StringBuilder line = new StringBuilder();
        ms.forEach((kind, took) -> line.append(line.isEmpty() ? "" : ", ").append(kind).append(' ')
                .append(Math.round(100 * took / Math.max(total, 1e-9))).append('%'));
        return line.append(String.format(" of %.1f CPU-s", total / 1000)).toString();
    }

    private static String kind(String thread) {
        if (thread == null) {
            return "other threads";
        }
        if (thread.startsWith("http-nio-")) {
            return "requests";
        }
        if (thread.startsWith("KafkaConsumerDestination")) {
            return "consumers";
        }
        if (thread.startsWith("outbox-relay-") || thread.startsWith("kafka-producer-network-thread")) {
            return "relays";
        }
        if (thread.startsWith("data-plane-kafka") || thread.startsWith("group-coordinator")
                || thread.startsWith("kafka-") || thread.startsWith("quorum-controller")) {
            return "broker";
        }
        return "other threads";
    }

    /** The CPU of every {@code postgres} process of the machine (the embedded server and its backends). */
    private static long postgresNanos() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(ThreadCpu::postgresTicks).sum() * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long postgresTicks(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            int close = stat.lastIndexOf(')');
            if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                return 0;
            }
            // after the command, state is field 3; utime, stime are fields 14, 15, and cutime, cstime (the server's
            // backends that ended and were waited for) 16, 17
            String[] fields = stat.substring(close + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException e) {
            return 0; // it ended while being read
        }
    }
}
