package io.kindling.agent.python;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kindling.agent.statement.StatementFailure;
import io.kindling.agent.statement.StatementKind;
import io.kindling.agent.statement.StatementRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code pyspark} statements (Livy's name): each Kindling session gets a Python interpreter of its own on the
 * driver, with {@code spark} bound to the session's SparkSession (the one its SQL statements use: temp views are
 * shared between the two) and {@code sc} to the cluster's SparkContext. Variables, imports and functions persist
 * from statement to statement. If the interpreter dies, the statement fails ({@code InterpreterDied}) and the next
 * Python statement starts a new interpreter, with nothing of the old one's state.
 */
public final class PythonStatementKind implements StatementKind, AutoCloseable {

    private final PythonInterpreters interpreters;
    private final ObjectMapper mapper;
    private final Path workDir;
    private PythonGateway gateway;
    private Path repl;

    /**
     * @param interpreters the interpreters of the driver side and of the executors' Python workers
     * @param workDir      where the interpreter's script is written
     */
    public PythonStatementKind(PythonInterpreters interpreters, ObjectMapper mapper, Path workDir) {
        this.interpreters = interpreters;
        this.mapper = mapper;
        this.workDir = workDir;
    }

    @Override
    public String name() {
        return "pyspark";
    }

    @Override
    public StatementRunner open(SparkSession session) {
        return new Runner(session);
    }

    /** Stops the agent's Py4J server, if it was started. */
    @Override
    public synchronized void close() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }

    private synchronized Map<String, String> interpreterEnvironment(String key) {
        if (gateway == null) {
            gateway = PythonGateway.start();
        }
        Map<String, String> env = new HashMap<>();
        env.put("PYSPARK_GATEWAY_PORT", Integer.toString(gateway.port()));
        env.put("PYSPARK_GATEWAY_SECRET", gateway.secret());
        env.put("KINDLING_SESSION_KEY", key);
        env.put("PYSPARK_PYTHON", interpreters.executors());
        env.put("PYTHONUNBUFFERED", "1");
        return env;
    }

    private synchronized Path repl() {
        if (repl == null) {
            try (InputStream source = PythonStatementKind.class.getResourceAsStream("kindling_repl.py")) {
                if (source == null) {
                    throw new IllegalStateException("kindling_repl.py is missing from the agent's jar");
                }
                Files.createDirectories(workDir);
                Path target = workDir.resolve("kindling_repl.py");
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                repl = target;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the Python interpreter's script to " + workDir, e);
            }
        }
        return repl;
    }

    /** One session's interpreter, started on its first statement and again after it died. */
    private final class Runner implements StatementRunner {

        private final SparkSession session;
        private final String key;
        private volatile PythonInterpreter interpreter;

        Runner(SparkSession session) {
            this.session = session;
            this.key = PythonSessions.register(session);
        }

        @Override
        public void prepare() throws StatementFailure {
            live();
        }

        /** The interpreter, started again if it died. */
        private PythonInterpreter live() throws StatementFailure {
            PythonInterpreter current = interpreter;
            if (current == null || !current.alive()) {
                if (current != null) {
                    current.close();
                }
                current = PythonInterpreter.start(interpreters.driver(), repl(), interpreterEnvironment(key), mapper,
                        session.sparkContext().applicationId() + "/" + key.substring(0, 8));
                interpreter = current;
            }
            return current;
        }

        @Override
        public ObjectNode run(String code, int executionCount) throws StatementFailure {
            PythonInterpreter current = live();
            SparkContext sc = session.sparkContext();
            String group = sc.getLocalProperty("spark.jobGroup.id");
            String description = sc.getLocalProperty("spark.job.description");
            return current.run(code, executionCount, group == null ? "" : group,
                    description == null ? "" : description);
        }

        @Override
        public void interrupt(int executionCount) {
            PythonInterpreter current = interpreter;
            if (current != null) {
                current.interrupt(executionCount);
            }
        }

        @Override
        public void close() {
            PythonInterpreter current = interpreter;
            interpreter = null;
            if (current != null) {
                current.close();
            }
            PythonSessions.forget(key);
        }
    }
}
