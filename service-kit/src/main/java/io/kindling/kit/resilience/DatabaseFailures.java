package io.kindling.kit.resilience;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Tells a database that is not there (down, unreachable, out of connections) from a request that was wrong. */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /**
     * Whether {@code e}, or anything that caused it, says the database could not be reached: no connection to be
     * had, or a connection lost (SQLSTATE class 08, 57P: the server shutting down, or the pool's "Connection is
     * closed").
     */
    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException || t instanceof SQLTransientConnectionException
                    || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && (sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))
                    || "Connection is closed".equals(sql.getMessage()))) {
                return true;
            }
            // a rollback that failed after the connection broke hides the failure that broke it
            if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null
                    && isUnavailable(rollback.getApplicationException())) {
                return true;
            }
        }
        return false;
    }
}
