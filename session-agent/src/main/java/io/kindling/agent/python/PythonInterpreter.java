package io.kindling.agent.python;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindling.agent.statement.StatementFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's Python process ({@code kindling_repl.py}): started bound to the session's SparkSession, it runs
 * statements one at a time over a JSON-lines protocol on its stdin and stdout. Its stderr (and whatever user code
 * writes to fd 1) goes to the driver's log. Used from the session's thread only, except {@link #interrupt} and
 * {@link #close}.
 */
final class PythonInterpreter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PythonInterpreter.class);
    private static final long STOP_GRACE_MILLIS = 3_000;

    private final Process process;
    private final BufferedReader answers;
    private final Writer requests;
    private final ObjectMapper mapper;
    private final String sessionId;
    /** The statement the process runs now, -1 between statements; guarded by itself (a cancel reads it). */
    private final int[] executing = {-1};

    private PythonInterpreter(Process process, ObjectMapper mapper, String sessionId) {
        this.process = process;
        this.mapper = mapper;
        this.sessionId = sessionId;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /**
     * Starts {@code python repl} with {@code environment} added and waits for PySpark to come up in it.
     *
     * @throws StatementFailure when the process cannot start or PySpark fails to come up in it
     */
    static PythonInterpreter start(String python, Path repl, Map<String, String> environment, ObjectMapper mapper,
                                   String sessionId) throws StatementFailure {
        ProcessBuilder builder = new ProcessBuilder(python, "-u", repl.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StatementFailure("InterpreterUnavailable", "the Python interpreter '" + python
                    + "' cannot be started: " + e.getMessage(), List.of());
        }
        PythonInterpreter interpreter = new PythonInterpreter(process, mapper, sessionId);
        JsonNode ready = interpreter.answer("starting");
        if (!"ready".equals(ready.path("status").asText())) {
            interpreter.close();
            throw failure(ready);
        }
        LOG.info("session {}: Python {} (pid {}) bound to its SparkSession", sessionId,
                ready.path("python").asText(), process.pid());
        return interpreter;
    }

    /**
     * Runs one statement.
     *
     * @return Livy's {@code data} object
     * @throws StatementFailure what the code raised, or that the process died under it
     */
    ObjectNode run(String code, int executionCount, String jobGroup, String description) throws StatementFailure {
        ObjectNode request = mapper.createObjectNode();
        request.put("code", code);
        request.put("execution_count", executionCount);
        request.put("job_group", jobGroup);
        request.put("description", description);
        JsonNode answer;
        synchronized (executing) {
            executing[0] = executionCount;
        }
        try {
            try {
                requests.write(mapper.writeValueAsString(request));
                requests.write('\n');
                requests.flush();
            } catch (IOException e) {
                throw died("statement " + executionCount);
            }
            answer = answer("statement " + executionCount);
        } finally {
            // a cancel still holding the lock has signalled this statement: the next is sent only after it
            synchronized (executing) {
                executing[0] = -1;
            }
        }
        if (!"ok".equals(answer.path("status").asText())) {
            throw failure(answer);
        }
        return (ObjectNode) answer.path("data");
    }

    /** Whether the process still runs (a dead one is replaced by the next statement's). */
    boolean alive() {
        return process.isAlive();
    }

    /**
     * Interrupts statement {@code executionCount} if the process runs it now (SIGINT: a {@code KeyboardInterrupt}
     * in its code). The signal is sent while holding the lock that the next statement's request waits for, and the
     * process handles it before it reads another request (it ignores SIGINT between statements), so it never hits a
     * later statement.
     */
    void interrupt(int executionCount) {
        synchronized (executing) {
            if (executing[0] != executionCount || !process.isAlive()) {
                return;
            }
            signal();
        }
    }

    private void signal() {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warn("session {}: cannot interrupt its Python process: {}", sessionId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the process: its stdin closes (it exits), then SIGTERM, then SIGKILL. */
    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException ignored) {
            // it has gone already
        }
        try {
            if (!process.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode answer(String waitingFor) throws StatementFailure {
        String line;
        try {
            line = answers.readLine();
        } catch (IOException e) {
            line = null;
        }
        if (line == null) {
            throw died(waitingFor);
        }
        try {
            return mapper.readTree(line);
        } catch (IOException e) {
            throw new StatementFailure("InterpreterProtocolError", "the Python interpreter answered "
                    + waitingFor + " with something that is not JSON: " + abbreviate(line), List.of());
        }
    }

    private StatementFailure died(String during) {
        Integer exit = null;
        try {
            if (process.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                exit = process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String how = exit == null ? "stopped answering" : exit > 128 ? "was killed by signal " + (exit - 128)
                + (exit == 137 ? " (SIGKILL: out of memory, or killed)" : "") : "exited with code " + exit;
        LOG.warn("session {}: its Python process {} during {}", sessionId, how, during);
        return new StatementFailure("InterpreterDied", "the Python process of this session " + how + " during "
                + during + "; its variables are lost, and the next Python statement starts a new one "
                + "(the driver log has its last output)", List.of());
    }

    private static StatementFailure failure(JsonNode answer) {
        List<String> traceback = new ArrayList<>();
        answer.path("traceback").forEach(line -> traceback.add(line.asText()));
        return new StatementFailure(answer.path("ename").asText("Error"), answer.path("evalue").asText(""),
                traceback);
    }

    private static String abbreviate(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
