package org.tracemark.api.devices;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.DeviceKey;
import org.tracemark.keys.reading.DeviceKeys;
import org.tracemark.keys.reading.KeyRevocation;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SignatureKey;

/**
 * The enrolled device keys as reading verification sees them (issue 5, used by ingest): looked up
 * by kid in PostgreSQL once, then cached. Certificates never change; only revocation does, and a
 * poll every {@code tracemark.ca.revocation-poll} (1 s) applies new revocations to the cache, so a
 * revocation made by any API process reaches every verifier within seconds (DESIGN: ≤ 5 s). Unknown
 * kids are cached briefly too, so a flood of forgeries does not become a flood of queries.
 */
@ApplicationScoped
public class RegistryDeviceKeys implements DeviceKeys {

  private static final Logger LOG = Logger.getLogger(RegistryDeviceKeys.class);
  private static final long UNKNOWN_TTL_NANOS = 1_000_000_000L;

  /** Revocations are polled with this overlap, so one committed late is not missed. */
  private static final long POLL_OVERLAP_SECONDS = 10;

  private record Entry(Optional<DeviceKey> key, long loadedAt) {}

  private final ConcurrentHashMap<KeyId, Entry> cache = new ConcurrentHashMap<>();
  private final DataSource dataSource;
  private final String table;
  private volatile Instant revokedSince = Instant.EPOCH;

  public RegistryDeviceKeys(
      DataSource dataSource, @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.dataSource = dataSource;
    this.table = schema + ".device_certificate";
  }

  @Override
  public Optional<DeviceKey> byKid(KeyId kid) {
    Entry entry = cache.get(kid);
    if (entry != null
        && (entry.key.isPresent() || System.nanoTime() - entry.loadedAt < UNKNOWN_TTL_NANOS)) {
      return entry.key;
    }
    Optional<DeviceKey> loaded = load(kid);
    cache.put(kid, new Entry(loaded, System.nanoTime()));
    return loaded;
  }

  /** Drops a kid from this process's cache (after enrolment, rotation or revocation here). */
  void forget(KeyId kid) {
    cache.remove(kid);
  }

  @Scheduled(
      every = "${tracemark.ca.revocation-poll:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void pollRevocations() {
    Instant since = revokedSince;
    Instant newest = since;
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT kid, revoked_at FROM "
                    + table
                    + " WHERE revoked_at >= ? ORDER BY revoked_at")) {
      s.setTimestamp(1, Timestamp.from(since.minusSeconds(POLL_OVERLAP_SECONDS)));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          cache.remove(KeyId.fromBytes(rs.getBytes(1)));
          Instant at = rs.getTimestamp(2).toInstant();
          if (at.isAfter(newest)) {
            newest = at;
          }
        }
      }
      revokedSince = newest;
    } catch (SQLException e) {
      LOG.warnf("Could not poll device revocations (will retry): %s", e.getMessage());
    }
  }

  private Optional<DeviceKey> load(KeyId kid) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT device_id, certificate, not_before, not_after, revoked_at, revocation_reason"
                    + " FROM "
                    + table
                    + " WHERE kid = ?")) {
      s.setBytes(1, kid.bytes());
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        X509Certificate certificate =
            (X509Certificate)
                CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(rs.getBytes(2)));
        Timestamp revokedAt = rs.getTimestamp(5);
        Optional<KeyRevocation> revocation =
            revokedAt == null
                ? Optional.empty()
                : Optional.of(
                    new KeyRevocation(revokedAt.toInstant(), "superseded".equals(rs.getString(6))));
        return Optional.of(
            new DeviceKey(
                DeviceId.of(rs.getString(1)),
                SignatureKey.of(certificate.getPublicKey()),
                rs.getTimestamp(3).toInstant(),
                rs.getTimestamp(4).toInstant(),
                revocation));
      }
    } catch (Exception e) {
      // A verifier must not guess: without the registry there is no outcome; ingest retries.
      throw new IllegalStateException("could not look up device key " + kid.hex(), e);
    }
  }
}
