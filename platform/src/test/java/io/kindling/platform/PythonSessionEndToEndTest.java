package io.kindling.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kindling.kit.containment.UserCodeEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * PySpark through the gateway as a notebook uses it: a {@code pyspark} session on a real cluster, with the runtime's
 * PySpark, pandas and pyarrow (installed by the build from python.lock). Each value checked is one the test knows
 * independently of Spark.
 */
@Tag("integration")
@ExtendWith(SharedPlatform.class)
class PythonSessionEndToEndTest {

    private static final String SIZE = "\"numExecutors\":1,\"executorCores\":1,\"executorMemory\":\"512m\","
            + "\"driverMemory\":\"1g\",\"timeoutMinutes\":600";

    private static GatewayClient alice;

    @BeforeAll
    static void connect() {
        alice = new GatewayClient(SharedPlatform.platform()).as("py-alice");
    }

    @Test
    void theRuntimeSaysWhatPythonItHas() {
        JsonNode runtime = alice.get("/api/v1/runtimes").body().get("runtimes").get(0);
        assertThat(runtime.get("kinds").toString()).isEqualTo("[\"sql\",\"pyspark\"]");
        assertThat(runtime.get("python").get("version").asString()).matches("3\\.\\d+\\.\\d+");
        JsonNode packages = runtime.get("python").get("packages");
        assertThat(packages.get("pyspark").asString()).isEqualTo(runtime.get("sparkVersion").asString());
        assertThat(packages.has("pandas") && packages.has("pyarrow") && packages.has("numpy")
                && packages.has("py4j")).as("%s", packages).isTrue();
    }

    @Test
    void aPysparkSessionRunsPythonOnItsClusterAndASecondSessionOnItSeesNothingOfIt() {
        String id = session(alice, "pyspark");

        // results the test knows: sum(0..999999), sum of the squares of 0..99
        assertThat(alice.python(id, "1 + 1")).isEqualTo("2");
        // the runtime's Python: its base packages, nothing of any environment
        assertThat(alice.python(id, "import importlib.util as u\n[u.find_spec(m) is None for m in "
                + "('pandas', 'pyarrow', 'numpy', 'tabulate')]")).isEqualTo("[False, False, False, True]");
        assertThat(alice.python(id, "spark.range(1000000).selectExpr('sum(id)').first()[0]")).isEqualTo("499999500000");
        assertThat(alice.python(id, "sc.parallelize(range(100)).map(lambda x: x * x).sum()")).isEqualTo("328350");

        // a Python UDF and a pandas UDF run in Python workers on the executor
        assertThat(alice.python(id, """
                from pyspark.sql.functions import col, pandas_udf, udf

                @udf("long")
                def cube(x):
                    return x * x * x

                @pandas_udf("double")
                def half(v):
                    return v / 2

                [(r[0], r[1]) for r in spark.range(4).select(cube(col("id")), half(col("id"))).orderBy("id").collect()]
                """)).isEqualTo("[(0, 0.0), (1, 0.5), (8, 1.0), (27, 1.5)]");

        // pandas on Spark: a missing value filled, a column summed
        assertThat(alice.python(id, """
                import pyspark.pandas as ps
                frame = ps.DataFrame({"a": [1, 2, 3], "b": [10.0, None, 30.0]})
                (int(frame["a"].sum()), float(frame["b"].fillna(20.0).sum()), len(frame.dropna()))
                """)).isEqualTo("(6, 60.0, 2)");

        // nothing of the services' environment reaches user code, on the driver or in a Python worker on an executor
        assertThat(System.getenv("KINDLING_TEST_SERVICE_SECRET")).as("the surefire configuration's secret").isNotNull();
        assertNothingOfTheServicesEnvironmentIn(alice.python(id, "import json, os\nprint(json.dumps(dict(os.environ)))"));
        assertNothingOfTheServicesEnvironmentIn(alice.python(id, "print(json.dumps(sc.parallelize([0], 1)"
                + ".map(lambda _: dict(__import__('os').environ)).first()))"));

        // pyspark.ml: an Imputer fills a missing value with its column's mean, a VectorAssembler makes vectors
        assertThat(alice.python(id, """
                from pyspark.ml.feature import Imputer, VectorAssembler
                rows = spark.createDataFrame([(1.0, 2.0), (None, 4.0), (5.0, 6.0)], ["x", "y"])
                filled = Imputer(inputCols=["x"], outputCols=["x"]).fit(rows).transform(rows)
                vectors = VectorAssembler(inputCols=["x", "y"], outputCol="v").transform(filled)
                [r.v.toArray().tolist() for r in vectors.orderBy("y").collect()]
                """)).isEqualTo("[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]");

        // state persists from statement to statement; printed text comes before the trailing value's repr
        assertThat(alice.python(id, "answer = 21\nimport math")).isEmpty();
        assertThat(alice.python(id, "print('half of', answer * 4)\nmath.isqrt(answer * answer) * 2"))
                .isEqualTo("half of 84\n42");
        // without a kind, a statement has the session's; a kind no session has is refused
        JsonNode plain = alice.run(id, null, "answer + 1");
        assertThat(plain.get("data").get("text/plain").asString()).isEqualTo("22");
        GatewayClient.Response r = alice.post("/api/v1/sessions/" + id + "/statements", "{\"kind\":\"r\",\"code\":\"1\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("code").asString()).isEqualTo("UNSUPPORTED_KIND");
        assertThat(r.body().get("detail").asString()).contains("pyspark");

        // one SparkSession for SQL and Python: temp views go both ways
        alice.rows(id, "CREATE TEMPORARY VIEW squares AS SELECT id, id * id AS sq FROM range(10)");
        assertThat(alice.python(id, "spark.table('squares').selectExpr('sum(sq)').first()[0]")).isEqualTo("285");
        alice.python(id, "spark.createDataFrame([(1, 'a'), (2, 'b')], ['n', 's']).createOrReplaceTempView('pairs')");
        assertThat(alice.value(id, "SELECT sum(n) FROM pairs").asLong()).isEqualTo(3);

        // errors in Livy's shape, with the Python traceback; a syntax error is an error of the statement only
        JsonNode division = alice.run(id, "pyspark", "def ratio(a, b):\n    return a / b\n\nratio(1, 0)");
        assertThat(division.get("status").asString()).isEqualTo("error");
        assertThat(division.get("ename").asString()).isEqualTo("ZeroDivisionError");
        assertThat(division.get("evalue").asString()).isEqualTo("division by zero");
        assertThat(lines(division.get("traceback"))).anyMatch(l -> l.contains("in ratio"))
                .last().asString().contains("ZeroDivisionError: division by zero");
        assertThat(lines(division.get("traceback"))).noneMatch(l -> l.contains("kindling_repl.py"));
        JsonNode syntax = alice.run(id, "pyspark", "def broken(:\n    pass");
        assertThat(syntax.get("ename").asString()).isEqualTo("SyntaxError");
        JsonNode missing = alice.run(id, "pyspark", "spark.table('no_such_table')");
        assertThat(missing.get("ename").asString()).isEqualTo("AnalysisException");
        assertThat(missing.get("evalue").asString()).contains("no_such_table");
        JsonNode stop = alice.run(id, "pyspark", "spark.stop()");
        assertThat(stop.get("evalue").asString()).contains("cannot be stopped");
        assertThat(alice.python(id, "answer")).isEqualTo("21");

        // cancel: a pure-Python wait is interrupted, a Spark job of Python tasks is cancelled; the state survives
        cancelRunning(id, "import time\ntime.sleep(600)");
        cancelRunning(id, "sc.parallelize(range(2), 2).map(lambda x: __import__('time').sleep(600)).count()");
        assertThat(alice.python(id, "answer")).isEqualTo("21");
        assertThat(alice.python(id, "sc.parallelize(range(10)).sum()")).isEqualTo("45");

        // a Python process that dies fails its statement; the next statement has a new one, with nothing of the old
        JsonNode died = alice.run(id, "pyspark", "import os\nos._exit(3)");
        assertThat(died.get("status").asString()).isEqualTo("error");
        assertThat(died.get("ename").asString()).isEqualTo("InterpreterDied");
        assertThat(died.get("evalue").asString()).contains("exited with code 3");
        assertThat(alice.python(id, "'answer' in globals(), spark.range(3).count()")).isEqualTo("(False, 3)");

        // the same owner's next session gets the warm cluster: no variable, temp view or interpreter of this one
        alice.python(id, "secret = 'alice'\nspark.range(1).createOrReplaceTempView('alices_view')");
        String clusterId = alice.get("/api/v1/sessions/" + id).body().get("clusterId").asString();
        assertThat(alice.delete("/api/v1/sessions/" + id).status()).isEqualTo(202);
        alice.awaitState(id, "ended", Duration.ofMinutes(1));
        String next = session(alice, "pyspark");
        assertThat(alice.get("/api/v1/sessions/" + next).body().get("clusterId").asString()).isEqualTo(clusterId);
        assertThat(alice.python(next, "'secret' in globals(), spark.catalog.tableExists('alices_view')"))
                .isEqualTo("(False, False)");
        assertThat(alice.python(next, "spark.range(5).selectExpr('sum(id)').first()[0]")).isEqualTo("10");
        assertThat(alice.delete("/api/v1/sessions/" + next).status()).isEqualTo(202);
        alice.awaitState(next, "ended", Duration.ofMinutes(1));
    }

    @Test
    void aSessionsCondaPackagesAreImportedOnTheDriverAndInUdfsOnExecutorsBesideTheRuntimesOwn() {
        String pandas = alice.get("/api/v1/runtimes").body().get("runtimes").get(0).get("python").get("packages")
                .get("pandas").asString();
        // tabulate 0.9.0 is a real PyPI wheel (pypi-test-packages.lock), not one of the runtime's packages
        GatewayClient.Response created = alice.post("/api/v1/sessions", "{\"kind\":\"pyspark\"," + SIZE
                + ",\"conda\":\"dependencies:\\n  - pip:\\n    - tabulate==0.9.0\\n\"}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(202);
        String id = created.body().get("id").asString();
        alice.awaitState(id, "idle", Duration.ofMinutes(4));

        assertThat(alice.python(id, """
                import pandas, tabulate
                (tabulate.__version__, pandas.__version__, "/environment/" in tabulate.__file__)
                """)).isEqualTo("('0.9.0', '" + pandas + "', True)");
        String onExecutor = alice.python(id, """
                def where(_):
                    import pandas, tabulate
                    return (tabulate.__version__, pandas.__version__, tabulate.__file__)

                print(*sc.parallelize([0], 1).map(where).collect()[0], sep="\\n")
                """);
        assertThat(onExecutor.lines().toList()).hasSize(3).satisfies(lines -> {
            assertThat(lines.get(0)).isEqualTo("0.9.0");
            assertThat(lines.get(1)).isEqualTo(pandas);
            // the executor's own copy of the environment (standalone: .../app-<id>/<executor>/environment)
            assertThat(lines.get(2)).matches(".*/app-[0-9-]+/[0-9]+/environment/.*tabulate.*");
        });
        assertThat(alice.python(id, """
                from pyspark.sql.functions import col, udf

                @udf("string")
                def row(x):
                    import tabulate
                    return tabulate.tabulate([[x, x * x]], tablefmt="plain")

                [r[0] for r in spark.range(1, 3).select(row(col("id"))).collect()]
                """)).isEqualTo("['1  1', '2  4']");
        assertThat(alice.delete("/api/v1/sessions/" + id).status()).isEqualTo(202);
        alice.awaitState(id, "ended", Duration.ofMinutes(1));
    }

    @Test
    void badPythonRequestsAreRefusedWithTheirField() {
        GatewayClient.Response kind = alice.post("/api/v1/sessions", "{\"kind\":\"scala\"," + SIZE + "}");
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.body().get("code").asString()).isEqualTo("UNSUPPORTED_KIND");
        assertThat(kind.body().get("field").asString()).isEqualTo("kind");
        assertThat(kind.body().get("detail").asString()).contains("pyspark");
    }

    private static String session(GatewayClient user, String kind) {
        GatewayClient.Response created = user.post("/api/v1/sessions", "{\"kind\":\"" + kind + "\"," + SIZE + "}");
        assertThat(created.status()).as("%s", created.body()).isEqualTo(202);
        String id = created.body().get("id").asString();
        assertThat(user.awaitState(id, "idle", Duration.ofMinutes(4)).get("kind").asString()).isEqualTo(kind);
        return id;
    }

    /** Submits {@code code}, waits until it runs, cancels it and waits until it is cancelled. */
    /** Variables the interpreter's launcher sets to a value of its own (which may equal this machine's). */
    private static final java.util.Set<String> SET_BY_KINDLING = java.util.Set.of("PYTHONUNBUFFERED");

    /** No variable of the test JVM's own environment (the services') is in {@code json}, but the few passed on. */
    private static void assertNothingOfTheServicesEnvironmentIn(String json) {
        Map<String, String> seen = new tools.jackson.databind.json.JsonMapper().readValue(json,
                new tools.jackson.core.type.TypeReference<Map<String, String>>() { });
        assertThat(seen).as("a user process's environment").containsKey("PATH").containsKey("SPARK_HOME");
        Map<String, String> leaked = new TreeMap<>();
        System.getenv().forEach((name, value) -> {
            if (!UserCodeEnvironment.PASSED.contains(name) && !SET_BY_KINDLING.contains(name)
                    && value.equals(seen.get(name))) {
                leaked.put(name, value);
            }
        });
        assertThat(leaked).as("the services' variables user code can read").isEmpty();
        assertThat(json).doesNotContain(System.getenv("KINDLING_TEST_SERVICE_SECRET"));
    }

    private static void cancelRunning(String session, String code) {
        GatewayClient.Response submitted = alice.post("/api/v1/sessions/" + session + "/statements",
                alice.json().createObjectNode().put("kind", "pyspark").put("code", code).toString());
        assertThat(submitted.status()).isEqualTo(201);
        String statement = "/api/v1/sessions/" + session + "/statements/" + submitted.body().get("id").asInt();
        await("the statement running").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> alice.get(statement).body().get("state").asString().equals("running"));
        assertThat(alice.post(statement + "/cancel", "").status()).isEqualTo(200);
        await("the statement cancelled: " + code).atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> alice.get(statement).body().get("state").asString().equals("cancelled"));
    }

    private static List<String> lines(JsonNode array) {
        List<String> lines = new ArrayList<>();
        array.forEach(l -> lines.add(l.asString()));
        return lines;
    }
}
