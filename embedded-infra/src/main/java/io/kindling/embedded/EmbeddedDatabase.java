package io.kindling.embedded;

import io.kindling.lifeline.Lifeline;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server from the zonky binaries on Maven Central, with one database, {@code kindling}.
 * Each service keeps its tables in its own schema of that database. The server is tied to this JVM ({@link
 * Lifeline}): pg_ctl starts it in a session of its own, so it would outlive a {@code kill -9} of the JVM and hold its
 * data directory; tied, it gets PostgreSQL's fast shutdown (SIGINT) when the JVM ends without closing it. Zonky's own
 * shutdown hook is off: the owner closes the server after what uses it (the services) has stopped, not while.
 *
 * <p>Every connection needs the superuser's password (SCRAM; {@code pg_hba.conf} has no {@code trust} line): zonky's
 * initdb trusts every local connection, which would let any process on the host in, user code among them. The
 * password is made at the first start and kept beside the data directory ({@code <data>.password}, owner-only).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "kindling";

    private final Path dataDir;
    private final boolean durable;
    /** What {@link #close()} deletes: the data directory of a throw-away database, or null. */
    private final Path deleteOnClose;
    private final Path passwordFile;
    private String password;
    private int port;
    private EmbeddedPostgres postgres;
    private Lifeline.Tie tie;

    private EmbeddedDatabase(Path dataDir, boolean durable, Path deleteOnClose) {
        this.dataDir = dataDir;
        this.durable = durable;
        this.deleteOnClose = deleteOnClose;
        this.passwordFile = dataDir.resolveSibling(dataDir.getFileName() + ".password");
    }

    /**
     * Starts PostgreSQL.
     *
     * @param port    0 for any free port
     * @param dataDir a data directory to keep between runs, or {@code null} for a throw-away one
     */
    public static EmbeddedDatabase start(int port, Path dataDir) {
        if (dataDir != null) {
            return start(port, dataDir, true, false);
        }
        try {
            // initdb makes the data directory inside; close deletes both
            Path temp = Files.createTempDirectory("kindling-pg");
            return start(port, temp.resolve("data"), false, temp);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a data directory for the embedded PostgreSQL", e);
        }
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (made if missing).
     *
     * @param durable   fsync on (a database kept between runs) or off (tests)
     * @param throwAway delete the data directory on {@link #close()}
     */
    public static EmbeddedDatabase start(int port, Path dataDir, boolean durable, boolean throwAway) {
        return start(port, dataDir, durable, throwAway ? dataDir : null);
    }

    private static EmbeddedDatabase start(int port, Path dataDir, boolean durable, Path deleteOnClose) {
        EmbeddedDatabase db = new EmbeddedDatabase(dataDir, durable, deleteOnClose);
        db.port = port;
        db.password = db.readOrMakePassword();
        db.startServer();
        db.requirePasswords();
        db.createDatabaseIfMissing();
        return db;
    }

    private void startServer() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", durable ? "on" : "off")
                    // TCP on loopback only (zonky's listen address): no Unix socket in /tmp, which every local user
                    // (a sandboxed cluster's among them: a network namespace does not separate files) could connect
                    // to as the trusted superuser
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setConnectConfig("password", password)
                    .setDataDirectory(dataDir).setCleanDataDirectory(false).setRegisterShutdownHook(false);
            if (port > 0) {
                builder.setPort(port);
            }
            EmbeddedPostgres started = builder.start();
            try {
                tie = Lifeline.ofThisJvm().tie(postmasterPid(), Lifeline.Signal.INT);
            } catch (IOException | RuntimeException e) {
                started.close();
                throw e;
            }
            postgres = started;
            port = postgres.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
    }

    /** Stops the server and keeps its data, as an outage would (fault tests); {@link #restart()} brings it back. */
    public synchronized void stop() {
        if (postgres != null) {
            tie.close();
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
            }
            postgres = null;
        }
    }

    /** The postmaster's pid: the first line of {@code postmaster.pid} in the data directory. */
    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    }

    /** Starts a stopped server again, on the same port and data. */
    public synchronized void restart() {
        if (postgres == null) {
            startServer();
        }
    }

    private String readOrMakePassword() {
        try {
            if (Files.exists(passwordFile)) {
                return Files.readString(passwordFile).strip();
            }
            byte[] random = new byte[24];
            new java.security.SecureRandom().nextBytes(random);
            String made = java.util.HexFormat.of().formatHex(random);
            Files.createDirectories(passwordFile.getParent());
            Path temp = Files.createTempFile(passwordFile.getParent(), ".password", ".tmp",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, made + "\n");
            Files.move(temp, passwordFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the embedded PostgreSQL's password in " + passwordFile, e);
        }
    }

    /**
     * Gives the superuser its password and has {@code pg_hba.conf} ask every TCP connection for it (there is no Unix
     * socket). On a data directory made before, the same (idempotent); a reload applies it.
     */
    private void requirePasswords() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
            Files.writeString(dataDir.resolve("pg_hba.conf"), """
                    # written by Kindling: every connection needs the password
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """);
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("could not require passwords of the embedded PostgreSQL", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write pg_hba.conf of the embedded PostgreSQL", e);
        }
    }

    private void createDatabaseIfMissing() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + DATABASE, e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
        if (deleteOnClose != null) {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + passwordFile, e);
            }
        }
        if (deleteOnClose != null && Files.exists(deleteOnClose)) {
            try (var files = Files.walk(deleteOnClose)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + deleteOnClose, e);
            }
        }
    }
}
