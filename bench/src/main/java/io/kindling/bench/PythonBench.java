package io.kindling.bench;

import io.kindling.platform.Platform;
import io.kindling.platform.PlatformOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Python, measured side by side with its SQL or JVM twin in the same run: a {@code pyspark} session's cold start
 * against a {@code sql} session's (same size, interleaved), its warm start, the round trip of {@code 1 + 1}
 * against {@code SELECT 1 + 1} on an idle session, a Python UDF over 1,000,000 rows as a Kindling statement
 * against the same code as a plain {@code spark-submit} client-mode application on an equal standalone cluster,
 * and a Python job (Pi) against the jar SparkPi of the same size.
 */
final class PythonBench {

    private static final String SIZE = "\"numExecutors\":1,\"executorCores\":1,\"executorMemory\":\"512m\","
            + "\"driverMemory\":\"1g\",\"timeoutMinutes\":60";
    private static final int ROUND_TRIPS = 30;
    private static final int UDF_RUNS = 4;
    private static final Pattern UDF_RUN = Pattern.compile("udf run: total (\\d+) in (\\d+) ms");
    /** A {@code udf_run()} statement's value, the repr of {@code (total, millis)}. */
    private static final Pattern UDF_VALUE = Pattern.compile("\\((\\d+), (\\d+)\\)");
    private static final long UDF_TOTAL = 500_000_500_000L;

    private PythonBench() {
    }

    static void run(int runs, Path report, Path runtimeRoot, Path examplesJar) throws Exception {
        Path work = Files.createTempDirectory("kindling-bench-python");
        List<Report.Row> rows = new ArrayList<>();
        try (Platform platform = Platform.start(PlatformOptions.forTests(work, runtimeRoot).withOverrides(Map.of(
                "kindling.teardown.cluster-grace", "20s")))) {
            Gateway gateway = new Gateway(platform.gatewayUrl(), platform::token);
            // trains the class-data archives, as the first cold start of an install does
            String training = "bench-py-training";
            String first = gateway.createSession(training, body("pyspark"));
            String trained = gateway.waitFor(training, first, "idle", Duration.ofMinutes(4)).get("clusterId").asString();
            statement(gateway, training, first, "pyspark", "1 + 1");
            gateway.stop(training, first);
            EnvironmentBench.awaitNoLiveCluster(platform);
            System.out.println("python bench: archives trained on " + trained);

            List<Long> sqlCold = new ArrayList<>();
            List<Long> pyCold = new ArrayList<>();
            List<Long> pyFirst = new ArrayList<>();
            List<Long> pyWarm = new ArrayList<>();
            List<Long> pyRoundTrip = new ArrayList<>();
            List<Long> sqlRoundTrip = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                String sqlOwner = "bench-py-sql-" + i;
                long t0 = System.nanoTime();
                String sql = gateway.createSession(sqlOwner, body("sql"));
                gateway.waitFor(sqlOwner, sql, "idle", Duration.ofMinutes(3));
                sqlCold.add(since(t0));
                gateway.stop(sqlOwner, sql);
                EnvironmentBench.awaitNoLiveCluster(platform);

                String owner = "bench-py-" + i;
                t0 = System.nanoTime();
                String py = gateway.createSession(owner, body("pyspark"));
                gateway.waitFor(owner, py, "idle", Duration.ofMinutes(3));
                pyCold.add(since(t0));
                pyFirst.add(statement(gateway, owner, py, "pyspark", "1 + 1").millis());
                for (int r = 0; r < ROUND_TRIPS; r++) {
                    pyRoundTrip.add(statement(gateway, owner, py, "pyspark", "1 + 1").millis());
                    sqlRoundTrip.add(statement(gateway, owner, py, "sql", "SELECT 1 + 1").millis());
                }
                gateway.stop(owner, py);
                t0 = System.nanoTime();
                String warm = gateway.createSession(owner, body("pyspark"));
                gateway.waitFor(owner, warm, "idle", Duration.ofMinutes(3));
                pyWarm.add(since(t0));
                gateway.stop(owner, warm);
                EnvironmentBench.awaitNoLiveCluster(platform);
                System.out.printf("python run %d: cold sql %d ms, cold pyspark %d ms (first 1 + 1 %d ms), warm pyspark"
                        + " %d ms%n", i, sqlCold.get(i - 1), pyCold.get(i - 1), pyFirst.get(i - 1), pyWarm.get(i - 1));
            }
            rows.add(Report.row("cold start, sql session: request -> idle", sqlCold));
            rows.add(Report.row("cold start, pyspark session: request -> idle", pyCold));
            rows.add(Report.row("pyspark: its first statement (`1 + 1`, starts the interpreter): submit -> available",
                    pyFirst));
            rows.add(Report.row("warm start, pyspark session (its owner's warm cluster): request -> idle", pyWarm));
            rows.add(Report.row("`1 + 1` (pyspark) on an idle session: submit -> available", pyRoundTrip));
            rows.add(Report.row("`SELECT 1 + 1` (sql) on the same session: submit -> available", sqlRoundTrip));

            Udf udf = udf(gateway, runtimeRoot.resolve("spark-4.2"), work);
            rows.add(Report.row("Python UDF over 1,000,000 rows, Kindling statement: the action, timed in Python",
                    udf.kindlingInPython()));
            rows.add(Report.row("the same, plain spark-submit client-mode application: the action, timed in Python",
                    udf.plain()));
            rows.add(Report.row("the same Kindling statement through the gateway: submit -> available",
                    udf.kindling()));

            List<Long> pythonJob = new ArrayList<>();
            List<Long> jarJob = new ArrayList<>();
            Path pi = resource("pi.py", work);
            for (int i = 1; i <= runs; i++) {
                String owner = "bench-py-jobs-" + i;
                EnvironmentBench.awaitNoLiveCluster(platform);
                jarJob.add(job(gateway, owner, jobSpec(gateway.uploadArtifact(owner, examplesJar),
                        "class_name: io.kindling.examples.SparkPi", "jars: [kindling-examples.jar]")));
                EnvironmentBench.awaitNoLiveCluster(platform);
                pythonJob.add(job(gateway, owner, jobSpec(gateway.uploadArtifact(owner, pi), "file: pi.py", "")));
                System.out.printf("jobs run %d: SparkPi(20) jar %d ms, Python %d ms%n", i, jarJob.get(i - 1),
                        pythonJob.get(i - 1));
            }
            rows.add(Report.row("SparkPi (20 slices), jar, new cluster: submit -> succeeded", jarJob));
            rows.add(Report.row("Pi (20 slices), Python job, new cluster: submit -> succeeded", pythonJob));
        }
        rows.forEach(r -> System.out.println(r.format()));
        Report.write(report, "python", "Python (N=" + runs + ", 1 executor x 1 core x 512m, driver 1g, through the "
                + "gateway; the UDF's plain twin on a standalone cluster of one such worker)", rows,
                "bin/kindling bench --runs " + runs + " --only python");
    }

    private static String body(String kind) {
        return "{\"kind\":\"" + kind + "\"," + SIZE + "}";
    }

    private record Timed(JsonNode output, long millis) {
    }

    /**
     * Runs a statement and polls every 10 ms until it is available; fails unless it succeeded. Polling faster
     * measures the poller: at 2 ms a 1.4 s UDF statement drew ~700 gateway requests on the 2 cores its job ran on.
     */
    private static Timed statement(Gateway gateway, String owner, String session, String kind, String code)
            throws Exception {
        long t0 = System.nanoTime();
        int id = gateway.submit(owner, session, kind, code);
        while (true) {
            JsonNode statement = gateway.get(owner, "/api/v1/sessions/" + session + "/statements/" + id);
            if (statement.get("state").asString().equals("available")) {
                long millis = since(t0);
                if (!statement.get("output").get("status").asString().equals("ok")) {
                    throw new IllegalStateException("statement failed: " + statement);
                }
                return new Timed(statement.get("output"), millis);
            }
            Thread.sleep(10);
        }
    }

    private record Udf(List<Long> kindling, List<Long> kindlingInPython, List<Long> plain) {
    }

    /**
     * The UDF run {@link #UDF_RUNS} times in a Kindling session and in a plain application; the first run of each
     * (JIT, Python worker start) is left out of both.
     */
    private static Udf udf(Gateway gateway, Path runtime, Path work) throws Exception {
        String code = Files.readString(resource("udf.py", work), StandardCharsets.UTF_8);
        String owner = "bench-py-udf";
        String session = gateway.createSession(owner, body("pyspark"));
        gateway.waitFor(owner, session, "idle", Duration.ofMinutes(3));
        statement(gateway, owner, session, "pyspark", code);
        List<Long> kindling = new ArrayList<>();
        List<Long> inPython = new ArrayList<>();
        for (int i = 0; i < UDF_RUNS; i++) {
            Timed run = statement(gateway, owner, session, "pyspark", "udf_run()");
            Matcher m = UDF_VALUE.matcher(run.output().get("data").get("text/plain").asString());
            if (!m.matches() || Long.parseLong(m.group(1)) != UDF_TOTAL) {
                throw new IllegalStateException("the UDF summed to " + run.output());
            }
            if (i > 0) {
                kindling.add(run.millis());
                inPython.add(Long.parseLong(m.group(2)));
            }
        }
        gateway.stop(owner, session);
        List<Long> plain = plainUdf(runtime, resource("udf.py", work), work.resolve("plain"));
        System.out.println("python UDF: Kindling statements " + kindling + " ms (in Python " + inPython
                + " ms), plain application " + plain + " ms");
        return new Udf(kindling, inPython, plain);
    }

    /** A master and one worker (1 core, 512m) from the runtime's jars, and the UDF script as a client-mode app. */
    private static List<Long> plainUdf(Path runtime, Path script, Path dir) throws Exception {
        Files.createDirectories(dir);
        String python = runtime.resolve("python/env/bin/python").toString();
        List<String> jvm = new ArrayList<>(List.of("java"));
        jvm.addAll(Files.readAllLines(runtime.resolve("conf/java-module-options")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        jvm.addAll(List.of("-cp", runtime.resolve("jars") + "/*"));
        int port = freePort();
        int ui = freePort();
        List<Process> daemons = new ArrayList<>();
        try {
            daemons.add(start(jvm, List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--webui-port", Integer.toString(ui)), runtime, dir.resolve("master.log")));
            daemons.add(start(jvm, List.of("org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:" + port,
                    "--host", "127.0.0.1", "--cores", "1", "--memory", "512m", "--webui-port", "0", "--work-dir",
                    dir.resolve("worker").toString()), runtime, dir.resolve("worker.log")));
            awaitWorker(ui);
            List<String> submit = new ArrayList<>(jvm);
            submit.addAll(List.of("-Xmx1g", "org.apache.spark.deploy.SparkSubmit", "--master",
                    "spark://127.0.0.1:" + port, "--deploy-mode", "client", "--conf", "spark.executor.memory=512m",
                    "--conf", "spark.cores.max=1", "--conf", "spark.driver.host=127.0.0.1", "--conf",
                    "spark.pyspark.python=" + python, "--conf", "spark.pyspark.driver.python=" + python,
                    "--conf", "spark.ui.enabled=false", script.toString(), Integer.toString(UDF_RUNS)));
            Process app = start(submit, List.of(), runtime, dir.resolve("app.log"));
            if (!app.waitFor(10, TimeUnit.MINUTES) || app.exitValue() != 0) {
                throw new IllegalStateException("the plain UDF application failed: see " + dir.resolve("app.log"));
            }
            List<Long> millis = new ArrayList<>();
            Matcher m = UDF_RUN.matcher(Files.readString(dir.resolve("app.log")));
            while (m.find()) {
                if (Long.parseLong(m.group(1)) != UDF_TOTAL) {
                    throw new IllegalStateException("the plain UDF summed to " + m.group(1));
                }
                millis.add(Long.parseLong(m.group(2)));
            }
            if (millis.size() != UDF_RUNS) {
                throw new IllegalStateException("the plain UDF application printed " + millis.size() + " runs");
            }
            return millis.subList(1, millis.size());
        } finally {
            for (Process p : daemons) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static Process start(List<String> jvm, List<String> main, Path runtime, Path log) throws IOException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(main);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_HOME", runtime.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return io.kindling.lifeline.Lifeline.ofThisJvm().start(builder);
    }

    private static void awaitWorker(int ui) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < until) {
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui + "/json/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (json.contains("\"aliveworkers\" : 1") || json.contains("\"aliveworkers\":1")) {
                    return;
                }
            } catch (IOException notYet) {
                // the master is starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the plain cluster's worker did not register within 2 minutes");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String jobSpec(String code, String entry, String jars) {
        return """
                type: spark
                code: %s
                entry:
                  %s
                %s
                args: "20"
                conf:
                  spark.driver.cores: 1
                  spark.driver.memory: 1g
                  spark.executor.cores: 1
                  spark.executor.memory: 512m
                  spark.executor.instances: 1
                resources:
                  instance_type: standard_e4s_v3
                  runtime_version: "4.2"
                """.formatted(code, entry, jars);
    }

    private static long job(Gateway gateway, String owner, String yaml) throws Exception {
        long t0 = System.nanoTime();
        String id = gateway.submitJob(owner, yaml);
        gateway.awaitJob(owner, id, Duration.ofMinutes(10));
        return since(t0);
    }

    /** A bench resource written to {@code dir} under its own name (an upload keeps it). */
    private static Path resource(String name, Path dir) throws IOException {
        Path file = dir.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = PythonBench.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException(name + " is missing from the bench's resources");
                }
                Files.copy(in, file);
            }
        }
        return file;
    }

    private static long since(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
