package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.kit.job.JobSpecContexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Python batch jobs as Azure ML users submit them (an {@code entry.file}, {@code py_files}, {@code args} with
 * {@code ${{inputs.x}}}), with their code folder uploaded: the word count and Titanic examples of
 * {@code examples/python} on data the test writes and checks itself, a job with a conda environment, an {@code .egg},
 * {@code files} and {@code archives} that fails with its Python traceback as the reason, and one killed while it runs.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class PythonJobEndToEndTest {

    private static final String USER = "py-jobs";
    private static final Path EXAMPLES = Path.of("../examples/python").toAbsolutePath().normalize();
    private static final Pattern NOT_LETTERS = Pattern.compile("[^\\p{L}]+");

    @BeforeAll
    static void grantTheDatastore() {
        WorkspaceEndToEndTest.grant(new GatewayClient(SharedPlatform.platform()), "default", USER, "workspaceblobstore");
    }

    @Test
    void theExamplesAndAFailingJobEndAsTheirPythonSays() throws IOException {
        Path store = SharedPlatform.bean(JobSpecContexts.class).datastores("default").get("workspaceblobstore");
        String run = JobBusEndToEndTest.newJobId();

        // the word count: words.py is a py_files entry its executors run
        Path corpus = Files.createDirectories(store.resolve("py-wc-in-" + run + "/nested"));
        Map<String, String> texts = Map.of("a.txt", "The quick brown fox jumps over the lazy dog.\nThe dog sleeps!\n",
                "nested/b.txt", "Über café, naïve FOX: 42 dogs and 7 foxes.\n");
        for (Map.Entry<String, String> t : texts.entrySet()) {
            Files.writeString(corpus.getParent().resolve(t.getKey()), t.getValue());
        }
        String wordCount = submit(example("wordcount/job.yml")
                .replace("paths/corpus", "paths/py-wc-in-" + run)
                .replace("paths/word-counts", "paths/py-wc-out-" + run), folder(EXAMPLES.resolve("wordcount")));

        // the Titanic wrangling: pyspark.pandas and pyspark.ml's Imputer
        List<Passenger> passengers = passengers();
        Path csv = store.resolve("py-titanic-" + run + "/titanic.csv");
        Files.createDirectories(csv.getParent());
        // the job writes its output beside its input: isolated, as its sandbox's user, who is not this test's
        Files.setAttribute(csv.getParent(), "unix:mode", 0777);
        Files.writeString(csv, Passenger.HEADER + "\n" + String.join("\n", passengers.stream().map(Passenger::csv)
                .toList()) + "\n");
        String titanic = submit(example("titanic/job.yml")
                .replace("paths/data/titanic.csv", "paths/py-titanic-" + run + "/titanic.csv")
                .replace("paths/data/wrangled/", "paths/py-titanic-" + run + "/wrangled/")
                .replace("spark.executor.memory: 1g", "spark.executor.memory: 768m")
                .replace("spark.driver.memory: 1g", "spark.driver.memory: 768m"), folder(EXAMPLES.resolve("titanic")));

        // a failing job with a conda environment (tabulate from PyPI): its check, in a .zip py_files entry, runs on
        // the executors first and imports the environment's package there, as its driver does; it also reads an
        // .egg py_files entry, a files entry and an archive (by its #alias) on the driver and on the executors
        String failing = submit(JobBusEndToEndTest.sized("""
                entry: {file: main.py}
                py_files: [checks.zip, deps/scaling-1.0-py3.11.egg]
                files: [lookup.txt]
                archives: ["tables.zip#tables"]
                args: --rows 3
                environment:
                  conda_file: conda.yml
                """), JobApiTest.zipOf(Map.of(
                "conda.yml", bytes("dependencies:\n  - pip:\n    - tabulate==0.9.0\n"),
                "lookup.txt", bytes("offset=100\n"),
                "tables.zip", JobApiTest.zipOf(Map.of("factors/ten.txt", bytes("10\n"))),
                "deps/scaling-1.0-py3.11.egg", JobApiTest.zipOf(Map.of(
                        "scaling/__init__.py", bytes("def scale(x, factor):\n    return x * factor\n"),
                        "EGG-INFO/PKG-INFO", bytes("Metadata-Version: 1.1\nName: scaling\nVersion: 1.0\n"))),
                "main.py", bytes("""
                        import argparse
                        import os
                        import tabulate
                        from pyspark import SparkFiles
                        from pyspark.sql import SparkSession
                        from checks import double, read_offset, read_factor
                        from scaling import scale

                        print("driver:", tabulate.__version__, "/environment/" in tabulate.__file__)

                        parser = argparse.ArgumentParser()
                        parser.add_argument("--rows", type=int)
                        rows = parser.parse_args().rows
                        spark = SparkSession.builder.getOrCreate()
                        doubled = spark.sparkContext.parallelize(range(rows), 2).map(double).collect()
                        print("doubled:", doubled)
                        factor = int(open(os.path.join(SparkFiles.getRootDirectory(), "tables/factors/ten.txt")).read())
                        print("driver files:", read_offset(), factor, scale(2, factor))

                        def on_executor(x):
                            from scaling import scale
                            return scale(x, read_factor()) + read_offset()

                        print("executor files:", spark.sparkContext.parallelize(range(rows), 2).map(on_executor)
                              .collect())

                        def check(values):
                            raise RuntimeError(f"expected 4 rows, got {len(values)}")

                        check(doubled)
                        """),
                "checks.zip", JobApiTest.zipOf(Map.of("checks/__init__.py", bytes("""
                        def double(x):
                            import tabulate
                            return 2 * x if tabulate.__version__ == "0.9.0" else -1

                        def read_offset():
                            from pyspark import SparkFiles
                            with open(SparkFiles.get("lookup.txt")) as f:
                                return int(f.read().strip().split("=")[1])

                        def read_factor():
                            # an executor extracts archives into its working directory, under their alias
                            with open("tables/factors/ten.txt") as f:
                                return int(f.read())
                        """))))));

        JsonNode counted = awaitEnd(wordCount);
        assertThat(counted.get("state").asString()).as("%s%n%s", counted, stderrTail(wordCount))
                .isEqualTo("succeeded");
        Map<String, Long> expected = new TreeMap<>();
        texts.values().forEach(text -> text.lines().flatMap(NOT_LETTERS::splitAsStream).filter(w -> !w.isEmpty())
                .forEach(w -> expected.merge(w.toLowerCase(Locale.ROOT), 1L, Long::sum)));
        Map<String, Long> written = new TreeMap<>();
        List<String> rows = csvRows(store.resolve("py-wc-out-" + run));
        assertThat(rows.get(0)).isEqualTo("word,count");
        rows.subList(1, rows.size()).forEach(r -> written.put(r.split(",")[0], Long.parseLong(r.split(",")[1])));
        assertThat(written).isEqualTo(expected).containsEntry("the", 3L).containsEntry("über", 1L);
        assertThat(client().text("/api/v1/jobs/" + wordCount + "/log?stream=stdout"))
                .contains(expected.size() + " distinct words");

        JsonNode wrangled = awaitEnd(titanic);
        assertThat(wrangled.get("state").asString()).as("%s%n%s", wrangled, stderrTail(titanic))
                .isEqualTo("succeeded");
        double meanAge = passengers.stream().filter(p -> p.age() != null).mapToDouble(Passenger::age).average()
                .orElseThrow();
        Map<Integer, List<String>> out = new TreeMap<>();
        List<String> lines = csvRows(store.resolve("py-titanic-" + run + "/wrangled"));
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(header).containsExactly(Passenger.HEADER.split(","));
        lines.subList(1, lines.size()).forEach(l -> out.put(Integer.parseInt(l.split(",", -1)[0]),
                List.of(l.split(",", -1))));
        List<Passenger> kept = passengers.stream().filter(p -> p.embarked() != null).toList();
        assertThat(out.keySet()).containsExactlyElementsOf(kept.stream().map(Passenger::id).toList());
        for (Passenger p : kept) {
            List<String> row = out.get(p.id());
            assertThat(Double.parseDouble(row.get(header.indexOf("Age")))).as("age of %s", p.id())
                    .isCloseTo(p.age() == null ? meanAge : p.age(), org.assertj.core.data.Offset.offset(1e-6));
            assertThat(row.get(header.indexOf("Cabin"))).isEqualTo(p.cabin() == null ? "None" : p.cabin());
        }

        JsonNode failed = awaitEnd(failing);
        assertThat(failed.get("state").asString()).isEqualTo("failed");
        assertThat(failed.get("exitReason").asString()).startsWith("Traceback (most recent call last):")
                .contains("in check").endsWith("RuntimeError: expected 4 rows, got 3");
        assertThat(client().text("/api/v1/jobs/" + failing + "/log?stream=stdout")).contains("driver: 0.9.0 True")
                .contains("doubled: [0, 2, 4]")
                .contains("driver files: 100 10 20").contains("executor files: [100, 110, 120]");
        assertThat(failed.get("environment").get("state").asString()).isEqualTo("ready");
    }

    @Test
    void aKilledPythonJobLeavesNoProcess() throws IOException {
        String marker = "sleeper_" + JobBusEndToEndTest.newJobId().replace('-', '_');
        String id = submit(JobBusEndToEndTest.sized("entry: {file: " + marker + ".py}\n"), JobApiTest.zipOf(Map.of(
                marker + ".py", bytes("""
                        import time
                        from pyspark.sql import SparkSession
                        spark = SparkSession.builder.getOrCreate()
                        print("rows:", spark.range(10).count(), flush=True)
                        time.sleep(600)
                        """))));
        await("the Python program running").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> client().text("/api/v1/jobs/" + id + "/log?stream=stdout").contains("rows: 10"));
        assertThat(pythonProcesses(marker)).as("the job's Python program").isNotEmpty();

        assertThat(client().delete("/api/v1/jobs/" + id).status()).isEqualTo(202);

        JsonNode killed = awaitEnd(id);
        assertThat(killed.get("state").asString()).isEqualTo("killed");
        await("no process of the killed job").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                .until(() -> pythonProcesses(marker).isEmpty());
    }

    @Test
    void aMissingEntryFileOrPyFileIsRefusedWithItsFieldAndNothingIsKept() throws IOException {
        long rows = JobApiTest.rows();
        byte[] code = JobApiTest.zipOf(Map.of("main.py", bytes("print(1)\n")));

        GatewayClient.Response entry = JobApiTest.multipart(USER, "/api/v1/jobs", null, JobApiTest.Part.text("spec",
                JobBusEndToEndTest.sized("entry: {file: mian.py}\n")), JobApiTest.Part.file("code", "src.zip", code));
        GatewayClient.Response pyFile = JobApiTest.multipart(USER, "/api/v1/jobs", null, JobApiTest.Part.text("spec",
                JobBusEndToEndTest.sized("entry: {file: main.py}\npy_files: [main.py, helpers.zip]\n")),
                JobApiTest.Part.file("code", "src.zip", code));

        assertThat(entry.status()).isEqualTo(400);
        assertThat(entry.body().get("code").asString()).isEqualTo("FILE_NOT_FOUND");
        assertThat(entry.body().get("field").asString()).isEqualTo("entry.file");
        assertThat(pyFile.status()).isEqualTo(400);
        assertThat(pyFile.body().get("code").asString()).isEqualTo("FILE_NOT_FOUND");
        assertThat(pyFile.body().get("field").asString()).isEqualTo("py_files[1]");
        assertThat(JobApiTest.rows()).isEqualTo(rows);
    }

    /** One passenger of the generated list; a null is a missing value. */
    private record Passenger(int id, int survived, int pclass, String name, String sex, Double age, double fare,
                             String cabin, String embarked) {
        static final String HEADER = "PassengerId,Survived,Pclass,Name,Sex,Age,Fare,Cabin,Embarked";

        String csv() {
            return String.join(",", Integer.toString(id), Integer.toString(survived), Integer.toString(pclass), name,
                    sex, age == null ? "" : Double.toString(age), Double.toString(fare), cabin == null ? "" : cabin,
                    embarked == null ? "" : embarked);
        }
    }

    /** 40 passengers: every 4th without an age, every 3rd without a cabin, every 7th without a port. */
    private static List<Passenger> passengers() {
        List<Passenger> list = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            list.add(new Passenger(i, i % 2, 1 + i % 3, "Passenger " + i, i % 2 == 0 ? "female" : "male",
                    i % 4 == 0 ? null : 18.0 + (i * 7) % 50 + 0.5, 7.25 + i, i % 3 == 0 ? null : "C" + (100 + i),
                    i % 7 == 0 ? null : "SCQ".substring(i % 3, i % 3 + 1)));
        }
        return list;
    }

    /** The lines of the one CSV part a job wrote into {@code folder}. */
    private static List<String> csvRows(Path folder) throws IOException {
        try (Stream<Path> parts = Files.list(folder)) {
            List<Path> csvs = parts.filter(p -> p.getFileName().toString().startsWith("part-")).toList();
            assertThat(csvs).as("the parts in %s", folder).hasSize(1);
            return Files.readAllLines(csvs.get(0)).stream().filter(l -> !l.isEmpty()).toList();
        }
    }

    private static List<ProcessHandle> pythonProcesses(String marker) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> p.info().commandLine()
                .map(c -> c.contains(marker + ".py")).orElse(false)).toList();
    }

    private static String example(String file) throws IOException {
        return Files.readString(EXAMPLES.resolve(file));
    }

    /** A code folder as the zip a user uploads. */
    private static byte[] folder(Path dir) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                entries.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return JobApiTest.zipOf(entries);
    }

    private static String submit(String spec, byte[] code) throws IOException {
        GatewayClient.Response accepted = JobApiTest.multipart(USER, "/api/v1/jobs", null,
                JobApiTest.Part.text("spec", spec), JobApiTest.Part.file("code", "code.zip", code));
        assertThat(accepted.status()).as("%s", accepted.body()).isEqualTo(202);
        return accepted.body().get("id").asString();
    }

    private static JsonNode awaitEnd(String id) {
        List<String> ends = List.of("succeeded", "failed", "killed");
        return await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> client().get("/api/v1/jobs/" + id).body(),
                        job -> job != null && ends.contains(job.path("state").asString()));
    }

    private static GatewayClient client() {
        return new GatewayClient(SharedPlatform.platform(), USER);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The end of a job's driver's stderr: what a failed job's assertion shows. */
    private static String stderrTail(String jobId) {
        String log = client().text("/api/v1/jobs/" + jobId + "/log?stream=stderr");
        return log.substring(Math.max(0, log.length() - 4000));
    }
}
