package io.kindling.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL lets in only who has its password: zonky's initdb trusts every connection, so without
 * this any process on the host (user code in single-user mode, another local user) was the superuser.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path dir;

    @Test
    void everyConnectionNeedsThePasswordWhichIsKeptOwnerOnlyAndSurvivesARestart() throws Exception {
        Path data = dir.resolve("pgdata");
        String password;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(0, data, false, false)) {
            password = db.password();
            assertThat(password).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo("postgres");
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), password)) {
                assertThat(c.isValid(5)).isTrue();
            }
            assertRefused(db.jdbcUrl(), "");
            assertRefused(db.jdbcUrl(), "postgres");
            assertRefused(db.jdbcUrl().replace("/" + EmbeddedDatabase.DATABASE, "/postgres"), "wrong");
            assertThat(Files.readString(data.resolve("pg_hba.conf"))).doesNotContain("trust").contains("scram-sha-256");
            Path file = dir.resolve("pgdata.password");
            assertThat(Files.readString(file).strip()).isEqualTo(password);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        // the same data directory again: the same password, still required
        try (EmbeddedDatabase again = EmbeddedDatabase.start(0, data, false, true)) {
            assertThat(again.password()).isEqualTo(password);
            try (Connection c = DriverManager.getConnection(again.jdbcUrl(), again.username(), password)) {
                assertThat(c.isValid(5)).isTrue();
            }
            assertRefused(again.jdbcUrl(), "postgres");
        }
        assertThat(dir.resolve("pgdata.password")).as("a throw-away database leaves no password").doesNotExist();
    }

    private static void assertRefused(String url, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", password).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password");
    }
}
