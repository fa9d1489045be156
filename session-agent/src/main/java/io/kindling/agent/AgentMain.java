package io.kindling.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindling.agent.driver.SparkDriver;
import io.kindling.agent.driver.Watchdog;
import io.kindling.agent.http.AgentApi;
import io.kindling.agent.http.AgentHttpServer;
import io.kindling.agent.http.SecretCheck;
import io.kindling.agent.session.PersistentCatalog;
import io.kindling.agent.session.SessionRegistry;
import io.kindling.agent.python.PythonInterpreters;
import io.kindling.agent.python.PythonStatementKind;
import io.kindling.agent.statement.SqlStatementKind;
import io.kindling.agent.statement.StatementKind;
import io.kindling.agent.statement.StatementKinds;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the session agent, the Spark driver (client mode) of one cluster:
 * {@code java -cp <runtime>/jars/*:<runtime>/agent/session-agent.jar io.kindling.agent.AgentMain agent.properties}.
 *
 * <p>The HTTP API comes up first (health answers {@code starting}); the SparkContext starts in
 * the background. Exit codes: 0 after a requested stop or the parent's exit, 2 after a failed
 * start or a lost SparkContext, 64 for bad arguments or properties.
 */
public final class AgentMain {

    /** Exit code for a bad command line or properties file. */
    public static final int EXIT_USAGE = 64;
    private static final Logger LOG = LoggerFactory.getLogger(AgentMain.class);

    private AgentMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AgentMain <agent.properties>");
            System.exit(EXIT_USAGE);
        }
        AgentConfig config;
        try {
            config = AgentConfig.load(Path.of(args[0]));
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("cannot read " + args[0] + ": " + e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }
        LOG.info("starting with {}", config);
        Clock clock = Clock.systemUTC();
        ObjectMapper mapper = new ObjectMapper();
        SparkDriver driver = new SparkDriver(config, clock, System::exit);
        // an attached pool's drivers keep its catalog in a directory of the pool's (spark.kindling.catalog.dir)
        Optional<PersistentCatalog> catalog = Optional.ofNullable(config.sparkConf().get("spark.kindling.catalog.dir"))
                .map(dir -> new PersistentCatalog(Path.of(dir), mapper));
        SessionRegistry sessions = new SessionRegistry(clock, mapper, config.resetOnClose(), catalog);
        List<StatementKind> supported = new ArrayList<>(List.of(new SqlStatementKind(mapper, config.maxResultRows())));
        Optional<PythonStatementKind> python = config.python().map(interpreter -> new PythonStatementKind(
                new PythonInterpreters(interpreter, config.pythonEnvironment(), config.executorPython()), mapper,
                Path.of(config.sparkConf().getOrDefault("spark.local.dir", System.getProperty("java.io.tmpdir")))
                        .resolve("kindling-python")));
        python.ifPresent(supported::add);
        StatementKinds kinds = new StatementKinds(supported);
        // the API listens where the driver does: loopback, or a sandbox's address, where its control plane reaches it
        InetAddress bind = InetAddress.getByName(config.sparkConf().getOrDefault("spark.driver.bindAddress",
                "127.0.0.1"));
        AgentHttpServer server = AgentHttpServer.start(bind, config.port(), new SecretCheck(config.secret()),
                new AgentApi(driver, sessions, kinds), mapper);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            python.ifPresent(PythonStatementKind::close);
            driver.stopSpark();
        }, "kindling-shutdown-hook"));
        driver.startAsync();
        new Watchdog(driver, config.parentPid(), config.sparkConf().get("spark.master"),
                config.masterLostTimeout(), clock).start();
    }
}
