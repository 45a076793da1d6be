package io.github.cameliterable.examples;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

/**
 * The examples' warehouse: an H2 in-memory database with the tables of {@code warehouse/schema.sql} and the generated
 * rows of {@code warehouse/data.sql}. Identifiers are lower case ({@code DATABASE_TO_LOWER}), as in PostgreSQL, so the
 * routes' SQL and the column names the component sees are the same on both.
 */
public final class Warehouse {
    public static final String SCHEMA = "warehouse/schema.sql";
    public static final String DATA = "warehouse/data.sql";
    public static final String CHANGES = "warehouse/changes.sql";

    private final JdbcDataSource dataSource;

    private Warehouse(String name) {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE");
        dataSource.setUser("sa");
    }

    /** A new in-memory warehouse with the schema and the sample data; the name must be unused in this JVM. */
    public static Warehouse create(String name) {
        Warehouse warehouse = new Warehouse(name);
        warehouse.run(SCHEMA);
        warehouse.run(DATA);
        return warehouse;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs a SQL script from the classpath, such as {@link #CHANGES}. */
    public void run(String classpathScript) {
        execute("RUNSCRIPT FROM 'classpath:/" + classpathScript + "'");
    }

    public void execute(String sql) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Warehouse: " + sql + ": " + e.getMessage(), e);
        }
    }

    public long count(String table) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops the in-memory database. */
    public void close() {
        execute("SHUTDOWN");
    }
}
