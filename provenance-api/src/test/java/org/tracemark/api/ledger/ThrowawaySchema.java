package org.tracemark.api.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own on the test PostgreSQL, built by the application's real migrations, so that
 * parallel runs and the application's data never meet. Drop it when done.
 */
final class ThrowawaySchema implements AutoCloseable {

  final String name;
  final PGSimpleDataSource dataSource;

  /** Creates {@code <prefix>_<random>} and runs {@code migrations} (classpath resources) in it. */
  ThrowawaySchema(String prefix, String... migrations) throws SQLException, IOException {
    name = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    dataSource = new PGSimpleDataSource();
    dataSource.setUrl(
        System.getProperty(
            "tracemark.test.db.url",
            System.getenv()
                .getOrDefault("TRACEMARK_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test")));
    dataSource.setUser(System.getProperty("tracemark.test.db.user", "postgres"));
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
      s.execute("SET search_path TO " + name);
      for (String migration : migrations) {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(migration)) {
          s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    // Unqualified names in a test's own SQL resolve to this schema.
    dataSource.setCurrentSchema(name);
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + name + " CASCADE");
    }
  }
}
