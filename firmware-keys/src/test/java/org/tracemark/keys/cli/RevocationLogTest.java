package org.tracemark.keys.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tracemark.keys.pki.Revocation;
import org.tracemark.keys.pki.RevocationReason;

class RevocationLogTest {

  @TempDir Path dir;

  @Test
  void appendsOneDocumentedLinePerRevocationAndReadsThemBack() throws Exception {
    RevocationLog log = new RevocationLog(dir.resolve("revocations.txt"));
    Revocation first =
        new Revocation(
            new BigInteger("3f2a0c9d", 16),
            Instant.parse("2026-06-01T12:00:00.750Z"),
            RevocationReason.KEY_COMPROMISE);
    Revocation second =
        new Revocation(
            BigInteger.TEN, Instant.parse("2026-06-02T08:30:00Z"), RevocationReason.SUPERSEDED);

    log.append(first);
    log.append(second);

    assertThat(Files.readString(log.file()))
        .isEqualTo(
            RevocationLog.HEADER
                + "3f2a0c9d 2026-06-01T12:00:00Z key-compromise\n"
                + "a 2026-06-02T08:30:00Z superseded\n");
    assertThat(log.read()).containsExactly(first, second);
    assertThat(log.find(BigInteger.TEN)).contains(second);
  }

  @Test
  void everyReasonHasAKebabCaseCode() {
    assertThat(RevocationLog.REASON_CODES)
        .isEqualTo("unspecified, key-compromise, superseded, cessation-of-operation");
    for (RevocationReason reason : RevocationReason.values()) {
      assertThat(RevocationLog.reason(RevocationLog.code(reason))).contains(reason);
    }
  }

  @Test
  void aDamagedLineIsReportedWithItsNumber() throws Exception {
    Path file = dir.resolve("revocations.txt");
    Files.writeString(file, RevocationLog.HEADER + "a 2026-06-02T08:30:00Z lost-it\n");

    assertThatThrownBy(() -> new RevocationLog(file).read())
        .isInstanceOf(CommandFailure.class)
        .hasMessage(
            file
                + " line 3: 'lost-it' is not a reason; expected one of unspecified,"
                + " key-compromise, superseded, cessation-of-operation");
  }

  @Test
  void aSerialRevokedTwiceMeansTheLogIsDamaged() throws Exception {
    Path file = dir.resolve("revocations.txt");
    Files.writeString(
        file, "a 2026-06-02T08:30:00Z superseded\na 2026-06-03T08:30:00Z key-compromise\n");

    assertThatThrownBy(() -> new RevocationLog(file).read())
        .isInstanceOf(CommandFailure.class)
        .hasMessage(file + " line 2: serial a is revoked twice; the log is damaged");
  }
}
