package org.tracemark.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The log key on a real PostgreSQL, in a throwaway schema built by the real migration. */
class LogSigningKeyIT {

  private final String schema = "ledger_key_it_" + UUID.randomUUID().toString().replace("-", "");
  private PGSimpleDataSource dataSource;

  @BeforeEach
  void createSchema() throws Exception {
    dataSource = new PGSimpleDataSource();
    dataSource.setUrl(
        System.getProperty("tracemark.test.db.url", "jdbc:postgresql://127.0.0.1:5432/test"));
    dataSource.setUser(System.getProperty("tracemark.test.db.user", "postgres"));
    String migration;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("db/migration/V3__ledger_key.sql")) {
      migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
      s.execute("SET search_path TO " + schema);
      s.execute(migration);
    }
    dataSource.setCurrentSchema(schema);
  }

  @AfterEach
  void dropSchema() throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Test
  void theFirstStartGeneratesAKeyAndLaterStartsLoadItAgain() throws Exception {
    LogSigningKey first =
        LogSigningKey.loadOrCreate(dataSource, schema, "test.example/log", pass("s3cret"));
    LogSigningKey second =
        LogSigningKey.loadOrCreate(dataSource, schema, "test.example/log", pass("s3cret"));

    assertThat(second.publicKey()).hasSize(32).isEqualTo(first.publicKey());
    assertThat(second.toString()).doesNotContain(hex(first.privateKey().getEncoded()));
  }

  @Test
  void theWrongPassphraseIsAClearErrorNotANewKey() throws Exception {
    LogSigningKey.loadOrCreate(dataSource, schema, "test.example/log", pass("right"));

    assertThatThrownBy(
            () -> LogSigningKey.loadOrCreate(dataSource, schema, "test.example/log", pass("wrong")))
        .isInstanceOf(LogKeyException.class)
        .hasMessageContaining("wrong passphrase");
  }

  @Test
  void aLogNeverChangesItsOrigin() throws Exception {
    LogSigningKey.loadOrCreate(dataSource, schema, "test.example/log", pass("p"));

    assertThatThrownBy(
            () -> LogSigningKey.loadOrCreate(dataSource, schema, "other.example/log", pass("p")))
        .isInstanceOf(LogKeyException.class)
        .hasMessageContaining("test.example/log");
  }

  @Test
  void thePrivateKeyIsNeverStoredInTheClear() throws Exception {
    LogSigningKey key =
        LogSigningKey.loadOrCreate(dataSource, schema, "test.example/log", pass("p"));
    byte[] stored;
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT encrypted_private_key FROM ledger_key")) {
      rs.next();
      stored = rs.getBytes(1);
    }
    assertThat(hex(stored)).doesNotContain(hex(key.privateKey().getEncoded()));
  }

  @Test
  void aSwappedPublicKeyIsDetected() throws Exception {
    LogSigningKey.loadOrCreate(dataSource, schema, "test.example/log", pass("p"));
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("UPDATE ledger_key SET public_key = sha256('attacker'::bytea)");
    }
    assertThatThrownBy(
            () -> LogSigningKey.loadOrCreate(dataSource, schema, "test.example/log", pass("p")))
        .isInstanceOf(LogKeyException.class)
        .hasMessageContaining("altered");
  }

  private static char[] pass(String s) {
    return s.toCharArray();
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }
}
