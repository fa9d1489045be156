package io.kindling.platform;

import io.kindling.gateway.auth.LocalTokens;
import io.kindling.conda.CondaApplication;
import io.kindling.embedded.EmbeddedDatabase;
import io.kindling.embedded.EmbeddedKafka;
import io.kindling.events.Topics;
import io.kindling.gateway.GatewayApplication;
import io.kindling.provisioning.ProvisioningApplication;
import io.kindling.session.SessionServiceApplication;
import io.kindling.teardown.TeardownApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Kindling in one JVM: infrastructure first, then the five services, each its own Spring application
 * context with its own configuration file, port and database schema, exactly as they run apart.
 * {@link #close()} stops them in reverse order, and with them every Spark process they started.
 */
public final class Platform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    private EmbeddedKafka kafka;
    private EmbeddedDatabase database;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    /** How each service was started, so one can be stopped and started again (fault tests). */
    private final Map<String, Runnable> restarters = new HashMap<>();
    /** How each service would run as a process of its own, with the same settings and port (crash tests). */
    private final Map<String, ServiceLaunch> launches = new HashMap<>();
    private String gatewayUrl;
    private String kafkaBootstrap;
    /** A throw-away platform's work dir (clusters, drivers, the database: about 300 MB), deleted at close. */
    private Path disposableWorkDir;

    private Platform() {
    }

    public static Platform start(PlatformOptions options) {
        Platform platform = new Platform();
        try {
            platform.boot(options);
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void boot(PlatformOptions o) {
        long t0 = System.nanoTime();
        disposableWorkDir = o.keepDatabase() ? null : o.workDir();
        Map<String, Object> common = new HashMap<>();
        if (o.kafkaBootstrap() == null) {
            kafka = EmbeddedKafka.start(o.kafkaPort(), Topics.SESSIONS, Topics.CLUSTERS, Topics.ENVIRONMENTS,
                    Topics.DEADLINES, Topics.JOBS, Topics.POOLS);
            kafkaBootstrap = kafka.bootstrapServers();
            Map<String, Object> client = kafka.clientProperties();
            common.put("KAFKA_SECURITY_PROTOCOL", client.get("security.protocol"));
            common.put("KAFKA_SASL_MECHANISM", client.get("sasl.mechanism"));
            common.put("KAFKA_SASL_JAAS_CONFIG", client.get("sasl.jaas.config"));
        } else {
            kafkaBootstrap = o.kafkaBootstrap();
        }
        common.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        if (o.databaseUrl() == null) {
            // a data directory of its own even when thrown away, so a fault test can stop and restart the server
            database = EmbeddedDatabase.start(o.databasePort(), o.workDir().resolve("pgdata"), o.keepDatabase(),
                    !o.keepDatabase());
            common.put("DATABASE_URL", database.jdbcUrl());
            common.put("DATABASE_USER", database.username());
            common.put("DATABASE_PASSWORD", database.password());
        } else {
            common.put("DATABASE_URL", o.databaseUrl());
            common.put("DATABASE_USER", o.databaseUser());
            common.put("DATABASE_PASSWORD", o.databasePassword());
        }
        common.put("KINDLING_WORK_DIR", o.workDir().toAbsolutePath().toString());
        // the services' credential for each other's internal APIs: fresh at each start, never on disk
        common.put("kindling.internal.token", internalToken());
        common.put("kindling.runtime.root", o.runtimeRoot().toAbsolutePath().toString());
        common.put("spring.main.banner-mode", "off");
        // one JVM, one logging system: the thread and logger name say which service speaks
        common.put("logging.include-application-name", "false");
        common.putAll(o.overrides());
        log.info("infrastructure up in {} ms", (System.nanoTime() - t0) / 1_000_000);

        ConfigurableApplicationContext provisioning = run(ProvisioningApplication.class,
                ProvisioningApplication::builder, common, o.internalPorts() ? 8082 : 0);
        services.add(provisioning);
        ConfigurableApplicationContext teardown = run(TeardownApplication.class, TeardownApplication::builder, common,
                o.internalPorts() ? 8083 : 0);
        services.add(teardown);
        ConfigurableApplicationContext conda = run(CondaApplication.class, CondaApplication::builder, common,
                o.internalPorts() ? 8084 : 0);
        services.add(conda);
        ConfigurableApplicationContext session = run(SessionServiceApplication.class,
                SessionServiceApplication::builder, common, o.internalPorts() ? 8081 : 0);
        services.add(session);
        Map<String, Object> gateway = new HashMap<>(common);
        gateway.put("management.server.port", o.internalPorts() ? 8090 : 0);
        gateway.put("kindling.gateway.session-service-url", "http://127.0.0.1:" + port(session));
        gateway.put("kindling.gateway.provisioning-service-url", "http://127.0.0.1:" + port(provisioning));
        gateway.put("kindling.gateway.teardown-service-url", "http://127.0.0.1:" + port(teardown));
        gateway.put("kindling.gateway.conda-service-url", "http://127.0.0.1:" + port(conda));
        ConfigurableApplicationContext gatewayContext = run(GatewayApplication.class, GatewayApplication::builder,
                gateway, o.gatewayPort());
        services.add(gatewayContext);
        gatewayUrl = "http://localhost:" + port(gatewayContext);
        log.info("Kindling up in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    private static String internalToken() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** Runs a service; a builder runs once, so a restart takes a fresh one from {@code builders}. */
    private ConfigurableApplicationContext run(Class<?> application, Supplier<SpringApplicationBuilder> builders,
                                               Map<String, Object> props, int port) {
        Map<String, Object> all = new HashMap<>(props);
        all.put("server.port", port);
        ConfigurableApplicationContext context = builders.get().registerShutdownHook(false).run(arguments(all));
        String name = context.getEnvironment().getRequiredProperty("spring.application.name");
        Map<String, Object> again = new HashMap<>(all);
        again.put("server.port", port(context));
        restarters.put(name, () -> services.add(builders.get().registerShutdownHook(false).run(arguments(again))));
        launches.put(name, new ServiceLaunch(application.getName(), List.of(arguments(again))));
        return context;
    }

    /**
     * The platform's settings as command-line arguments: builder "properties" are defaults, the lowest
     * precedence, and a service's own YAML (e.g. {@code server.port: ${SESSION_SERVICE_PORT:8081}}) would
     * win over them.
     */
    private static String[] arguments(Map<String, Object> props) {
        return props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** The running service named {@code name} (e.g. {@code session-service}), for tests and benchmarks. */
    public ConfigurableApplicationContext service(String name) {
        return services.stream()
                .filter(c -> name.equals(c.getEnvironment().getProperty("spring.application.name")))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no running service " + name));
    }

    /** Stops one service (e.g. {@code teardown-service}), as a crash or a deploy would. */
    public void stopService(String name) {
        ConfigurableApplicationContext context = service(name);
        services.remove(context);
        context.close();
    }

    /** Stops the embedded PostgreSQL and keeps its data, as an outage would (fault tests). */
    public void stopDatabase() {
        embeddedDatabase().stop();
    }

    /** Starts the embedded PostgreSQL again on the same port and data. */
    public void startDatabase() {
        embeddedDatabase().restart();
    }

    private EmbeddedDatabase embeddedDatabase() {
        if (database == null) {
            throw new IllegalStateException("this platform uses an external database");
        }
        return database;
    }

    /** Stops the in-process Kafka broker and keeps its data, as a broker outage would (fault tests). */
    public void stopKafka() {
        embeddedKafka().stop();
    }

    /** Starts the in-process Kafka broker again on the same ports and data; returns once it answers. */
    public void startKafka() {
        embeddedKafka().restart();
    }

    private EmbeddedKafka embeddedKafka() {
        if (kafka == null) {
            throw new IllegalStateException("this platform uses an external Kafka broker");
        }
        return kafka;
    }

    /** Starts a stopped service again, on the port it had. */
    public void startService(String name) {
        Runnable restart = restarters.get(name);
        if (restart == null) {
            throw new IllegalArgumentException("unknown service " + name);
        }
        restart.run();
    }

    /**
     * How to run service {@code name} as a process of its own ({@code java -cp <this classpath> <main> <arguments>}),
     * with this platform's settings and the port it has here, so the other services find it (crash tests stop it
     * here, run it as a process and {@code kill -9} it).
     */
    public ServiceLaunch launch(String name) {
        ServiceLaunch launch = launches.get(name);
        if (launch == null) {
            throw new IllegalArgumentException("unknown service " + name);
        }
        return launch;
    }

    /** A service's main class and its command-line arguments. */
    public record ServiceLaunch(String mainClass, List<String> arguments) {
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public String gatewayUrl() {
        return gatewayUrl;
    }

    /**
     * A bearer token for {@code user} in the {@code default} workspace, valid for an hour, signed with this
     * platform's local key (tests and benchmarks call the API with it).
     */
    public String token(String user) {
        return token(user, "default", false);
    }

    /** A bearer token for {@code user} in {@code workspace}, with the workspace admin role when {@code admin}. */
    public String token(String user, String workspace, boolean admin) {
        return bean(LocalTokens.class).mint(user, workspace, admin ? List.of("workspace-admin") : List.of(),
                java.time.Duration.ofHours(1));
    }

    /** The bus's address ({@code host:port,...}); a client needs {@link #kafkaClientProperties()} to sign in. */
    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** What a producer or consumer outside the services needs to reach the bus: its address and sign-in. */
    public Map<String, Object> kafkaClientProperties() {
        return kafka != null ? kafka.clientProperties() : Map.of("bootstrap.servers", kafkaBootstrap);
    }

    /** The running service contexts, gateway last (for tests that look inside). */
    public List<ConfigurableApplicationContext> services() {
        return Collections.unmodifiableList(services);
    }

    /** A bean of whichever service context has one (tests and benchmarks that look inside a service). */
    public <T> T bean(Class<T> type) {
        return services.stream().filter(c -> c.getBeanProvider(type).stream().findAny().isPresent()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no service has a bean of " + type)).getBean(type);
    }

    /**
     * Stops the gateway first (no new request is taken), then the other services together, each with what it started
     * (clusters, drivers, builds), and the infrastructure last: a stop takes as long as the slowest service, not the
     * sum, and no service loses its database or bus while it stops.
     */
    @Override
    public void close() {
        List<ConfigurableApplicationContext> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        List<Thread> stopping = new ArrayList<>();
        for (ConfigurableApplicationContext context : reversed) {
            boolean gateway = "gateway-service".equals(context.getEnvironment().getProperty("spring.application.name"));
            Thread stop = new Thread(() -> closeQuietly(context), "stop-" + context.getId());
            stop.start();
            if (gateway) {
                join(stop);
            } else {
                stopping.add(stop);
            }
        }
        stopping.forEach(Platform::join);
        services.clear();
        if (database != null) {
            database.close();
            database = null;
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (disposableWorkDir != null) {
            deleteTree(disposableWorkDir);
            disposableWorkDir = null;
        }
    }

    private static void closeQuietly(ConfigurableApplicationContext context) {
        try {
            context.close();
        } catch (RuntimeException e) {
            log.warn("stopping {} failed", context.getId(), e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Deletes a directory and what it holds, as far as it can: a leftover file is logged, not fatal. */
    private static void deleteTree(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    log.debug("could not delete {}: {}", path, e.toString());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete the work dir {}: {}", dir, e.toString());
        }
    }
}
