package io.kindling.agent.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindling.agent.statement.StatementFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java side of the interpreter protocol against a stand-in for {@code kindling_repl.py} that needs no Spark
 * (the real one is driven end to end in the platform's tests): it answers ready, runs each request's code, and
 * turns SIGINT into a {@code KeyboardInterrupt} only while a statement runs, as the real one does.
 */
class PythonInterpreterTest {

    private static final String REPL = """
            import json, os, signal, sys
            answers = os.fdopen(os.dup(1), "w", buffering=1)
            executing = False
            def on_sigint(signum, frame):
                if executing:
                    raise KeyboardInterrupt("statement cancelled")
            signal.signal(signal.SIGINT, on_sigint)
            answers.write(json.dumps({"status": "ready", "python": "3"}) + "\\n")
            for line in sys.stdin:
                request = json.loads(line)
                try:
                    executing = True
                    namespace = {}
                    exec(request["code"], namespace)
                    executing = False
                    answers.write(json.dumps({"status": "ok", "data": {"text/plain": str(namespace.get("out"))}})
                                  + "\\n")
                except BaseException as e:
                    executing = False
                    answers.write(json.dumps({"status": "error", "ename": type(e).__name__, "evalue": str(e),
                                              "traceback": []}) + "\\n")
            """;

    @TempDir
    Path dir;
    private PythonInterpreter interpreter;

    @BeforeEach
    void start() throws Exception {
        Path repl = Files.writeString(dir.resolve("repl.py"), REPL);
        interpreter = PythonInterpreter.start("python3", repl, Map.of(), new ObjectMapper(), "test");
    }

    @AfterEach
    void stop() {
        interpreter.close();
    }

    @Test
    void aCancelOfTheRunningStatementInterruptsIt() throws Exception {
        CompletableFuture<Object> sleeping = running(7, "import time\ntime.sleep(30)\nout = 'slept'");
        interpreter.interrupt(7);

        assertThat(sleeping.get(10, TimeUnit.SECONDS)).isInstanceOf(StatementFailure.class)
                .extracting(f -> ((StatementFailure) f).ename()).isEqualTo("KeyboardInterrupt");
        assertThat(interpreter.run("out = 1 + 1", 8, "", "").get("text/plain").asText()).isEqualTo("2");
    }

    @Test
    void aCancelOfAnEarlierStatementNeverInterruptsTheOneRunningNow() throws Exception {
        assertThat(interpreter.run("out = 'first'", 1, "", "").get("text/plain").asText()).isEqualTo("first");
        // the cancel of statement 1 arrives late, while statement 2 runs
        CompletableFuture<Object> second = running(2, "import time\ntime.sleep(1)\nout = 'second'");
        interpreter.interrupt(1);

        assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("second");
    }

    @Test
    void aDeadProcessFailsItsStatementWithItsExitCode() {
        assertThatThrownBy(() -> interpreter.run("import os\nos._exit(3)", 1, "", ""))
                .isInstanceOf(StatementFailure.class).hasMessageContaining("exited with code 3");
        assertThat(interpreter.alive()).isFalse();
    }

    /** Runs a statement on another thread and returns once its code executes (its value, or what it threw). */
    private CompletableFuture<Object> running(int count, String code) throws InterruptedException {
        Path started = dir.resolve("started-" + count);
        CompletableFuture<Object> result = CompletableFuture.supplyAsync(() -> {
            try {
                return interpreter.run("open('" + started + "', 'w').close()\n" + code, count, "", "")
                        .get("text/plain").asText();
            } catch (StatementFailure e) {
                return e;
            }
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(started) && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(started).as("statement %d executing", count).exists();
        return result;
    }
}
