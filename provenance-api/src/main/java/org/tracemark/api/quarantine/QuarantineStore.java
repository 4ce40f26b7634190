package org.tracemark.api.quarantine;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.tracemark.ingest.pipeline.QuarantineSink;
import org.tracemark.keys.device.DeviceTopic;
import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.ReadingId;
import org.tracemark.keys.signing.Sha256;

/**
 * Where quarantined messages are kept (issue 7): raw bytes, topic, reason, detail, receive time
 * and, when the message decoded that far, the {@code (dev, boot, seq)} it claims (else the device
 * its topic names). A quarantine is durable when {@link #store} returns, so ingest may then
 * acknowledge the message to the broker. An equivocation also flags the device.
 */
@ApplicationScoped
public class QuarantineStore implements QuarantineSink {

  /** The longest detail kept; a hostile message must not fill the table with its own text. */
  static final int MAX_DETAIL = 2000;

  private final DataSource dataSource;
  private final String schema;

  public QuarantineStore(
      DataSource dataSource, @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** One quarantined message as admins list it. */
  public record Entry(
      long id,
      Instant receivedAt,
      String topic,
      String reason,
      String detail,
      String device,
      Long boot,
      Long seq,
      String sha256,
      int size) {}

  /**
   * Keeps one message; returns its id. Durable (committed) when this returns.
   *
   * @param reading what the message claims, if it decoded that far
   */
  public long store(
      String topic,
      byte[] message,
      Instant receivedAt,
      QuarantineReason reason,
      String detail,
      Optional<ReadingId> reading)
      throws SQLException {
    String boundedDetail = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      long id;
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO "
                  + schema
                  + ".quarantine (received_at, topic, reason, detail, device_id, boot, seq,"
                  + " message, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
        s.setTimestamp(1, Timestamp.from(receivedAt));
        s.setString(2, topic.length() > 1024 ? topic.substring(0, 1024) : topic);
        s.setString(3, reason.code());
        s.setString(4, boundedDetail);
        if (reading.isPresent()) {
          s.setString(5, reading.get().dev().value());
          s.setLong(6, reading.get().boot());
          s.setLong(7, reading.get().seq());
        } else if (DeviceTopic.READINGS.deviceIn(topic).isPresent()) {
          // Not decodable: the topic is all it says about who sent it (unauthenticated as well).
          s.setString(5, DeviceTopic.READINGS.deviceIn(topic).get().value());
          s.setNull(6, Types.BIGINT);
          s.setNull(7, Types.BIGINT);
        } else {
          s.setNull(5, Types.VARCHAR);
          s.setNull(6, Types.BIGINT);
          s.setNull(7, Types.BIGINT);
        }
        s.setBytes(8, message);
        s.setBytes(9, Sha256.digest(message));
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
      }
      if (reason == QuarantineReason.EQUIVOCATION && reading.isPresent()) {
        try (PreparedStatement s =
            c.prepareStatement(
                "UPDATE "
                    + schema
                    + ".device SET equivocating_since = ? WHERE id = ? AND equivocating_since IS NULL")) {
          s.setTimestamp(1, Timestamp.from(receivedAt));
          s.setString(2, reading.get().dev().value());
          s.executeUpdate();
        }
      }
      c.commit();
      return id;
    }
  }

  /** The ingest pipeline's sink: {@link #store}, the id not needed. */
  @Override
  public void quarantine(
      String topic,
      byte[] message,
      Instant receivedAt,
      QuarantineReason reason,
      String detail,
      Optional<ReadingId> reading)
      throws SQLException {
    store(topic, message, receivedAt, reason, detail, reading);
  }

  /** The newest quarantined messages first, filtered; at most {@code limit}. */
  public List<Entry> list(
      Optional<String> reason,
      Optional<String> device,
      Optional<Instant> from,
      Optional<Instant> to,
      Optional<Long> before,
      int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, received_at, topic, reason, detail, device_id, boot, seq, sha256,"
                + " length(message) FROM "
                + schema
                + ".quarantine WHERE true");
    List<Object> parameters = new ArrayList<>();
    reason.ifPresent(
        r -> {
          sql.append(" AND reason = ?");
          parameters.add(r);
        });
    device.ifPresent(
        d -> {
          sql.append(" AND device_id = ?");
          parameters.add(d);
        });
    from.ifPresent(
        f -> {
          sql.append(" AND received_at >= ?");
          parameters.add(Timestamp.from(f));
        });
    to.ifPresent(
        t -> {
          sql.append(" AND received_at < ?");
          parameters.add(Timestamp.from(t));
        });
    before.ifPresent(
        b -> {
          sql.append(" AND id < ?");
          parameters.add(b);
        });
    sql.append(" ORDER BY id DESC LIMIT ?");
    parameters.add(limit);
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < parameters.size(); i++) {
        s.setObject(i + 1, parameters.get(i));
      }
      List<Entry> entries = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new Entry(
                  rs.getLong(1),
                  rs.getTimestamp(2).toInstant(),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  (Long) rs.getObject(7),
                  (Long) rs.getObject(8),
                  HexFormat.of().formatHex(rs.getBytes(9)),
                  rs.getInt(10)));
        }
      }
      return entries;
    }
  }

  /** The raw bytes of one quarantined message, as received. */
  public Optional<byte[]> message(long id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT message FROM " + schema + ".quarantine WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
      }
    }
  }
}
