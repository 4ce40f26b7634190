package org.tracemark.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL the benchmarks write to, and throwaway schemas in it.
 *
 * <p>Server: {@code -Dtracemark.bench.db.url} or {@code TRACEMARK_BENCH_DB_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test}), user {@code -Dtracemark.bench.db.user} or {@code
 * TRACEMARK_BENCH_DB_USER} (default {@code postgres}), password {@code TRACEMARK_BENCH_DB_PASSWORD}
 * if any.
 */
final class Postgres {

  static final String MIGRATION = "db/migration/V2__ledger.sql";

  private Postgres() {}

  static String url() {
    return setting("tracemark.bench.db.url", "jdbc:postgresql://127.0.0.1:5432/test");
  }

  private static String setting(String property, String fallback) {
    String env = property.toUpperCase().replace('.', '_');
    return System.getProperty(property, System.getenv().getOrDefault(env, fallback));
  }

  /**
   * A data source for one thread.
   *
   * @param pooled keep one physical connection open and hand it out again and again, as the
   *     application's connection pool does; {@code false} opens a connection per {@code
   *     getConnection()}, as a bare {@link PGSimpleDataSource} does
   * @param rewriteBatchedInserts the driver's {@code reWriteBatchedInserts}
   * @param options the driver's {@code options} (e.g. {@code -c synchronous_commit=off}), or empty
   */
  static TimedDataSource dataSource(boolean pooled, boolean rewriteBatchedInserts, String options) {
    PGSimpleDataSource raw = plainDataSource();
    raw.setReWriteBatchedInserts(rewriteBatchedInserts);
    if (options != null && !options.isBlank()) {
      raw.setOptions(options);
    }
    DataSource source = pooled ? new SingleConnectionDataSource(raw) : raw;
    return new TimedDataSource(source);
  }

  /** A connection per {@code getConnection()}, driver defaults: for the odd query outside a run. */
  static PGSimpleDataSource plainDataSource() {
    PGSimpleDataSource raw = new PGSimpleDataSource();
    raw.setUrl(url());
    raw.setUser(setting("tracemark.bench.db.user", "postgres"));
    String password = System.getenv("TRACEMARK_BENCH_DB_PASSWORD");
    if (password != null) {
      raw.setPassword(password);
    }
    raw.setApplicationName("tracemark-benchmarks");
    return raw;
  }

  /** The server's current WAL insert position, in bytes. */
  static long walPosition() throws SQLException {
    try (Connection c = plainDataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** A new schema named {@code bench_<random>}, with the ledger's tables made by its migration. */
  static String createLedgerSchema(DataSource dataSource) throws SQLException {
    String schema = createSchema(dataSource);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      s.execute(migration());
      s.execute("SET search_path TO DEFAULT");
    }
    return schema;
  }

  static String createSchema(DataSource dataSource) throws SQLException {
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new SQLException(
          "cannot create a schema in "
              + url()
              + " ("
              + e.getMessage()
              + "); is PostgreSQL running? (pg_ctlcluster --skip-systemctl-redirect"
              + " $(ls /etc/postgresql) main start)",
          e);
    }
    return schema;
  }

  static void dropSchema(DataSource dataSource, String schema) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private static String migration() {
    try (InputStream in = Postgres.class.getClassLoader().getResourceAsStream(MIGRATION)) {
      if (in == null) {
        throw new IllegalStateException(MIGRATION + " is not on the class path; build with Maven");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + MIGRATION, e);
    }
  }
}
