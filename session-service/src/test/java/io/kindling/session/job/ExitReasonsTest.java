package io.kindling.session.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExitReasonsTest {

    @Test
    void theRootCauseOfTheMainThreadsExceptionIsTheReason() {
        String stderr = """
                26/11/24 09:00:12 INFO SparkContext: Running Spark version 4.2.0
                26/11/24 09:00:13 WARN TaskSetManager: Lost task 0.0 (java.io.IOException: unrelated)
                Exception in thread "main" java.lang.reflect.InvocationTargetException
                \tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:118)
                \tat org.apache.spark.deploy.worker.DriverWrapper$.main(DriverWrapper.scala:63)
                Caused by: java.lang.IllegalStateException: planned failure: the job was told to fail
                \tat io.kindling.examples.FailingJob.main(FailingJob.java:20)
                \t... 6 more
                26/11/24 09:00:14 INFO ShutdownHookManager: Shutdown hook called
                """;

        assertThat(ExitReasons.fromStderr(stderr))
                .contains("java.lang.IllegalStateException: planned failure: the job was told to fail");
    }

    @Test
    void withoutACauseTheExceptionItselfIsTheReason() {
        assertThat(ExitReasons.fromStderr("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n"))
                .contains("java.lang.OutOfMemoryError: Java heap space");
    }

    @Test
    void noMainThreadExceptionMeansNoReason() {
        assertThat(ExitReasons.fromStderr("ERROR Executor: Exception in task 0.0\njava.io.IOException: x\n")).isEmpty();
        assertThat(ExitReasons.fromStderr(null)).isEmpty();
    }

    @Test
    void aPythonDriversReasonIsItsLastTracebackToTheExceptionLine() {
        String stdout = """
                26/12/07 09:00:12 INFO SparkContext: Running Spark version 4.2.0
                Traceback (most recent call last):
                  File "/tmp/old.py", line 1, in <module>
                ValueError: an earlier one, printed and handled
                rows: 3
                Traceback (most recent call last):
                  File "/work/app/main.py", line 9, in <module>
                    check(rows)
                  File "/work/app/main.py", line 5, in check
                    raise RuntimeError(f"expected 4 rows, got {len(rows)}")
                RuntimeError: expected 4 rows, got 3
                26/12/07 09:00:14 INFO ShutdownHookManager: Shutdown hook called
                """;

        assertThat(ExitReasons.fromPython(stdout)).contains("""
                Traceback (most recent call last):
                  File "/work/app/main.py", line 9, in <module>
                    check(rows)
                  File "/work/app/main.py", line 5, in check
                    raise RuntimeError(f"expected 4 rows, got {len(rows)}")
                RuntimeError: expected 4 rows, got 3""");
        assertThat(ExitReasons.fromPython("Traceback (most recent call last):\n  File \"x\", line 1\n")).isEmpty();
        assertThat(ExitReasons.fromPython("all well\n")).isEmpty();
        assertThat(ExitReasons.fromPython(null)).isEmpty();
        String deep = "Traceback (most recent call last):\n" + "  File \"f.py\", line 1, in f\n".repeat(500)
                + "RecursionError: maximum recursion depth exceeded\n";
        assertThat(ExitReasons.fromPython(deep).orElseThrow()).startsWith("...").hasSize(ExitReasons.MAX_TRACEBACK + 3)
                .endsWith("RecursionError: maximum recursion depth exceeded");
    }
}
