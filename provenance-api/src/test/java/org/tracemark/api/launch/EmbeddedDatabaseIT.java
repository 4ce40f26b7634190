package org.tracemark.api.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real embedded PostgreSQL the demo uses: data must survive a restart. */
class EmbeddedDatabaseIT {

  @TempDir Path home;

  @Test
  void aSecondRunFindsTheFirstRunsDataAndFreshStartsEmpty() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(home, false)) {
      execute(db, "create table kept (v text)", "insert into kept values ('first run')");
    }
    assertThat(Files.exists(home.resolve("postgres/PG_VERSION"))).isTrue();

    try (EmbeddedDatabase db = EmbeddedDatabase.start(home, false)) {
      assertThat(query(db, "select v from kept")).isEqualTo("first run");
    }

    try (EmbeddedDatabase db = EmbeddedDatabase.start(home, true)) {
      assertThat(query(db, "select count(*) from pg_tables where tablename = 'kept'"))
          .isEqualTo("0");
    }
  }

  @Test
  void theDemoDatabaseIsDurable() throws Exception {
    try (EmbeddedDatabase db = EmbeddedDatabase.start(home, false)) {
      assertThat(query(db, "show fsync")).isEqualTo("on");
      assertThat(query(db, "show synchronous_commit")).isEqualTo("on");
      assertThat(query(db, "show full_page_writes")).isEqualTo("on");
    }
  }

  private static void execute(EmbeddedDatabase db, String... sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  private static String query(EmbeddedDatabase db, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
