package org.tracemark.api.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The log key on a real PostgreSQL, in a throwaway schema built by the real migration. */
class LogSigningKeyIT {

  private ThrowawaySchema throwaway;
  private String schema;
  private PGSimpleDataSource dataSource;

  @BeforeEach
  void createSchema() throws Exception {
    throwaway = new ThrowawaySchema("ledger_key_it", "db/migration/V3__ledger_key.sql");
    schema = throwaway.name;
    dataSource = throwaway.dataSource;
  }

  @AfterEach
  void dropSchema() throws Exception {
    throwaway.close();
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
