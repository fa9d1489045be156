package io.kindling.kit.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class DatabaseFailuresTest {

    @Test
    void aDatabaseThatIsNotThereIsToldFromARequestThatWasWrong() {
        assertThat(DatabaseFailures.isUnavailable(new CannotGetJdbcConnectionException("no connection"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new CannotCreateTransactionException("no tx",
                new ConnectException("refused")))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new IllegalStateException("wrapped",
                new SQLException("I/O error", "08006")))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("terminating connection", "57P01"))).isTrue();
        TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        assertThat(DatabaseFailures.isUnavailable(rollback)).isTrue();
        TransactionSystemException hiding = new TransactionSystemException("JDBC rollback failed");
        hiding.initApplicationException(new SQLException("I/O error", "08006"));
        assertThat(DatabaseFailures.isUnavailable(hiding)).isTrue();

        assertThat(DatabaseFailures.isUnavailable(new DataIntegrityViolationException("duplicate key"))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(new IllegalArgumentException("bad input"))).isFalse();
    }
}
