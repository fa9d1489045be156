package io.kindling.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * One in-process Kafka broker in KRaft mode, broker and controller in one node, for the all-in-one mode and tests.
 * It can be stopped and started again on the same ports and data, as a broker restart would (fault tests).
 *
 * <p>Its settings: node id 1, a static quorum of itself; SASL (PLAIN) on {@code 127.0.0.1:<port>}, the controller on a
 * second free port of 127.0.0.1, also SASL: every client, the broker's own connection to its controller among them,
 * signs in as {@value #USER} with a password made at start ({@link #clientProperties()}), so a process on the host
 * that does not have it (user code in single-user mode) can neither read nor publish events; data in a temporary
 * directory, formatted once. One node, so the internal topics (consumer offsets, transaction state, share-group
 * state) have one replica and need one in sync. New topics get 3 partitions and are created on first use; consumer
 * offsets have 5 partitions; a new consumer group starts without the initial rebalance delay; logs are kept 24
 * hours.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final int PARTITIONS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** The one user every client signs in as. */
    public static final String USER = "kindling";

    private final KafkaConfig config;
    private final String bootstrapServers;
    private final Path logDir;
    private final String password;
    private KafkaRaftServer server;

    private EmbeddedKafka(KafkaConfig config, String bootstrapServers, Path logDir, String password) {
        this.config = config;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.password = password;
    }

    /** Starts a broker on {@code port} (0 for any free port) with the given topics (3 partitions each). */
    public static EmbeddedKafka start(int port, String... topics) {
        // a fault inside the broker makes Kafka call Exit.exit or Exit.halt: fail that thread, not the whole JVM
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("embedded Kafka called Exit.exit(" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("embedded Kafka called Exit.halt(" + status + "): " + message);
        });
        int brokerPort = port > 0 ? port : freePort();
        int controllerPort = freePort();
        Path logDir;
        try {
            logDir = Files.createTempDirectory("kindling-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a log directory for the embedded Kafka", e);
        }
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        String password = java.util.HexFormat.of().formatHex(random);
        // the listeners' own user list (user_<name>) and the credentials the broker itself signs in with
        String jaas = jaas(password).replace(";", " user_" + USER + "=\"" + password + "\";");
        KafkaConfig config = new KafkaConfig(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(NODE_ID)),
                Map.entry("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort),
                Map.entry("listeners",
                        "BROKER://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "BROKER://127.0.0.1:" + brokerPort),
                Map.entry("listener.security.protocol.map", "BROKER:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "BROKER"),
                Map.entry("sasl.enabled.mechanisms", "PLAIN"),
                Map.entry("sasl.mechanism.inter.broker.protocol", "PLAIN"),
                Map.entry("sasl.mechanism.controller.protocol", "PLAIN"),
                Map.entry("listener.name.broker.plain.sasl.jaas.config", jaas),
                Map.entry("listener.name.controller.plain.sasl.jaas.config", jaas),
                Map.entry("log.dirs", logDir.toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "5"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("num.partitions", String.valueOf(PARTITIONS)),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("log.retention.hours", "24")), false);
        EmbeddedKafka kafka = new EmbeddedKafka(config, "127.0.0.1:" + brokerPort, logDir, password);
        try {
            format(logDir);
            kafka.startServer();
            kafka.createTopics(topics);
            return kafka;
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    private static void format(Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format the embedded Kafka's log directory " + logDir, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded Kafka", e);
        }
    }

    /** Stops the broker and keeps its data, as an outage would (fault tests); {@link #restart()} brings it back. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts a stopped broker again on the same ports and data, and returns once it answers. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    private void startServer() {
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException e) {
            started.shutdown();
            started.awaitShutdown();
            throw new IllegalStateException("the embedded Kafka did not start on " + bootstrapServers, e);
        }
        server = started;
        withAdmin("answer", admin -> admin.describeCluster().nodes());
    }

    private void createTopics(String... topics) {
        List<NewTopic> created = Arrays.stream(topics).map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList();
        withAdmin("create topics " + Arrays.toString(topics), admin -> admin.createTopics(created).all());
    }

    /** One admin call, retried by the client until it answers or {@link #START_TIMEOUT} passes. */
    private void withAdmin(String what, Function<Admin, KafkaFuture<?>> call) {
        Map<String, Object> settings = new java.util.HashMap<>(clientProperties());
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) START_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(settings)) {
            call.apply(admin).get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the embedded Kafka on " + bootstrapServers + " did not " + what
                    + " within " + START_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded Kafka to " + what, e);
        }
    }

    /** {@code host:port}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** What a Kafka client needs to reach this broker: its address and the sign-in. */
    public Map<String, Object> clientProperties() {
        return Map.of("bootstrap.servers", bootstrapServers, "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config", jaas(password));
    }

    /** The JAAS line of a client signing in as {@link #USER}. */
    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER
                + "\" password=\"" + password + "\";";
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() {
        stop();
        if (!Files.exists(logDir)) {
            return;
        }
        try (var files = Files.walk(logDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + logDir, e);
        }
    }
}
