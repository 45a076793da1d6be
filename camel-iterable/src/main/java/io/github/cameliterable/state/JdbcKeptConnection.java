package io.github.cameliterable.state;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

/**
 * A connection kept between the transactions of one writer that commits many small ones (the durable intake's adds,
 * one a group of callers; its sender's claims and settles): borrowed at the first, checked before use when unused for
 * a while, given back once unused for {@link #IDLE_NANOS} or after a failure.
 * An unpooled DataSource ({@code PGSimpleDataSource}, as many users bind one) opens a new database connection for each
 * borrow, about 20 ms on PostgreSQL, which made every message of a synchronous source wait that long; a pool's
 * borrow is cheap, and its connection goes back to it when idle.
 */
final class JdbcKeptConnection {
    /** How long the connection is kept unused before it is given back. */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * How long unused before it is checked ({@link Connection#isValid}) before a transaction: the database may have
     * restarted meanwhile (HikariCP checks a borrowed connection after 500 ms the same way).
     */
    static final long CHECK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final DataSource dataSource;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;
    private boolean autoCommitAsBorrowed;
    private long lastUsed;

    JdbcKeptConnection(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} in one transaction on the kept connection, committed when it returns; rolled back when it
     * throws, and the connection given back (the next transaction borrows another).
     */
    <T> T inTransaction(JdbcConnections.SqlWork<T> work) throws SQLException {
        lock.lock();
        try {
            if (connection != null && (idle() || System.nanoTime() - lastUsed > CHECK_AFTER_NANOS && !valid(connection))) {
                giveBack(); // idle long (a pool may have retired it, a firewall dropped it), or broken meanwhile
            }
            if (connection == null) {
                Connection borrowed = dataSource.getConnection();
                try {
                    autoCommitAsBorrowed = borrowed.getAutoCommit();
                    borrowed.setAutoCommit(false);
                } catch (SQLException | RuntimeException e) {
                    borrowed.close();
                    throw e;
                }
                connection = borrowed;
            }
            try {
                T result = JdbcConnections.commitOrRollBack(connection, work);
                lastUsed = System.nanoTime();
                return result;
            } catch (SQLException | RuntimeException e) {
                giveBack();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the connection has been unused for {@link #IDLE_NANOS}. */
    private boolean idle() {
        return System.nanoTime() - lastUsed > IDLE_NANOS;
    }

    private static boolean valid(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Gives the connection back when it has been unused for {@link #IDLE_NANOS}; not while it is in use. */
    void releaseIfIdle() {
        if (lock.tryLock()) {
            try {
                if (connection != null && idle()) {
                    giveBack();
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Gives the connection back, once a transaction in progress has ended. */
    void close() {
        lock.lock();
        try {
            giveBack();
        } finally {
            lock.unlock();
        }
    }

    private void giveBack() {
        Connection c = connection;
        connection = null;
        if (c == null) {
            return;
        }
        try {
            c.setAutoCommit(autoCommitAsBorrowed); // a pool gets it back as it came
        } catch (SQLException ignored) {
            // a broken connection: closing it is all that is left
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing of ours is in it: the transaction committed or rolled back
        }
    }
}
