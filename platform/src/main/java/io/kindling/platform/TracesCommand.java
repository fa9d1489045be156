package io.kindling.platform;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bin/kindling traces [<trace id> | --session <id>]}: reads the span file of the embedded default (started
 * with {@code --traces}) and prints the latest traces, or one trace as a tree with each span's offset, duration and
 * service. An operator without a collector reads a request's path through the services with it.
 */
final class TracesCommand {

    static final String USAGE = "usage: bin/kindling traces [<trace id> | --session <session or job id>]";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LATEST = 20;

    private TracesCommand() {
    }

    /** The span file under {@code home}. */
    static Path file(Path home) {
        return home.resolve("traces").resolve("spans.jsonl");
    }

    /** @return the exit code: 0, 1 when nothing matched, or 64 for a bad command line */
    static int run(Path home, String[] args, PrintStream out, PrintStream err) {
        Path file = file(home);
        if (!Files.exists(file)) {
            err.println("no spans at " + file + ": start Kindling with bin/kindling up --traces");
            return 1;
        }
        List<JsonNode> spans;
        try (var lines = Files.lines(file)) {
            spans = lines.filter(l -> !l.isBlank()).map(JSON::readTree).toList();
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        Map<String, List<JsonNode>> traces = new LinkedHashMap<>();
        spans.forEach(s -> traces.computeIfAbsent(s.get("traceId").asString(), k -> new ArrayList<>()).add(s));
        if (args.length == 0) {
            latest(traces, out);
            return 0;
        }
        List<String> ids;
        if (args[0].equals("--session") && args.length == 2) {
            ids = traces.entrySet().stream().filter(t -> t.getValue().stream().anyMatch(s -> mentions(s, args[1])))
                    .map(Map.Entry::getKey).toList();
        } else if (args.length == 1 && !args[0].startsWith("-")) {
            ids = traces.containsKey(args[0]) ? List.of(args[0]) : List.of();
        } else {
            err.println(USAGE);
            return 64;
        }
        if (ids.isEmpty()) {
            err.println("no trace matches " + String.join(" ", args));
            return 1;
        }
        ids.forEach(id -> tree(id, traces.get(id), out));
        return 0;
    }

    private static boolean mentions(JsonNode span, String id) {
        JsonNode attributes = span.get("attributes");
        return id.equals(attributes.path("kindling.session.id").asString(null))
                || id.equals(attributes.path("kindling.job.id").asString(null))
                || id.equals(attributes.path("kindling.deadline.subject").asString(null));
    }

    private static void latest(Map<String, List<JsonNode>> traces, PrintStream out) {
        List<Map.Entry<String, List<JsonNode>>> all = new ArrayList<>(traces.entrySet());
        all.sort(Comparator.comparingLong(t -> start(t.getValue())));
        for (Map.Entry<String, List<JsonNode>> trace : all.subList(Math.max(0, all.size() - LATEST), all.size())) {
            JsonNode root = root(trace.getValue());
            out.printf("%s  %-20s %-45s %8.1f ms  %3d spans%n", trace.getKey(), root.get("service").asString(),
                    root.get("name").asString(), (end(trace.getValue()) - start(trace.getValue())) / 1e6,
                    trace.getValue().size());
        }
    }

    private static void tree(String traceId, List<JsonNode> spans, PrintStream out) {
        long t0 = start(spans);
        out.printf("trace %s: %d spans, %.1f ms%n", traceId, spans.size(), (end(spans) - t0) / 1e6);
        Map<String, List<JsonNode>> children = new LinkedHashMap<>();
        List<JsonNode> roots = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        spans.forEach(s -> ids.add(s.get("spanId").asString()));
        for (JsonNode s : spans) {
            String parent = s.get("parentSpanId").isNull() ? null : s.get("parentSpanId").asString();
            if (parent == null || !ids.contains(parent)) {
                roots.add(s);
            } else {
                children.computeIfAbsent(parent, k -> new ArrayList<>()).add(s);
            }
        }
        roots.sort(Comparator.comparingLong(s -> s.get("startNanos").asLong()));
        roots.forEach(r -> print(r, children, t0, 1, out));
    }

    private static void print(JsonNode span, Map<String, List<JsonNode>> children, long t0, int depth,
                              PrintStream out) {
        long start = span.get("startNanos").asLong();
        long end = span.get("endNanos").asLong();
        StringBuilder line = new StringBuilder(String.format("%9.1f ms %9.1f ms  %-22s %-8s ", (start - t0) / 1e6,
                (end - start) / 1e6, span.get("service").asString(), span.get("kind").asString()));
        line.append("  ".repeat(depth - 1)).append(span.get("name").asString());
        if ("ERROR".equals(span.get("status").asString())) {
            line.append("  [error]");
        }
        span.get("links").forEach(l -> line.append("  (linked to trace ").append(l.get("traceId").asString())
                .append(')'));
        out.println(line);
        List<JsonNode> kids = new ArrayList<>(children.getOrDefault(span.get("spanId").asString(), List.of()));
        kids.sort(Comparator.comparingLong(s -> s.get("startNanos").asLong()));
        kids.forEach(k -> print(k, children, t0, depth + 1, out));
    }

    private static JsonNode root(List<JsonNode> spans) {
        return spans.stream().filter(s -> s.get("parentSpanId").isNull()).findFirst()
                .orElse(spans.stream().min(Comparator.comparingLong(s -> s.get("startNanos").asLong())).orElseThrow());
    }

    private static long start(List<JsonNode> spans) {
        return spans.stream().mapToLong(s -> s.get("startNanos").asLong()).min().orElse(0);
    }

    private static long end(List<JsonNode> spans) {
        return spans.stream().mapToLong(s -> s.get("endNanos").asLong()).max().orElse(0);
    }
}
