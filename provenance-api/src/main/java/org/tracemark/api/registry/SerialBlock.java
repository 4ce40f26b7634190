package org.tracemark.api.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * Serial numbers of one product registered together, kept compactly: a numeric range of one width
 * ({@code 000001}..{@code 250000}) is one row whatever its size; a list is one row holding it.
 */
@Entity
@Table(name = "serial_block")
public class SerialBlock {

  @Id private UUID id;

  @Column(name = "organisation_id", nullable = false, updatable = false)
  private UUID organisationId;

  @Column(nullable = false, updatable = false, length = 14)
  private String gtin;

  @Column(name = "first_serial", updatable = false)
  private String first;

  @Column(name = "last_serial", updatable = false)
  private String last;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(updatable = false)
  private List<String> serials;

  @Column(nullable = false, updatable = false)
  private long count;

  @Column(nullable = false)
  private SerialStatus status;

  @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
  private Instant createdAt;

  protected SerialBlock() {}

  static SerialBlock range(
      UUID id, UUID organisationId, String gtin, String first, String last, SerialStatus status) {
    SerialBlock block = new SerialBlock();
    block.id = id;
    block.organisationId = organisationId;
    block.gtin = gtin;
    block.first = first;
    block.last = last;
    block.count =
        new java.math.BigInteger(last).subtract(new java.math.BigInteger(first)).longValueExact()
            + 1;
    block.status = status;
    return block;
  }

  static SerialBlock list(
      UUID id, UUID organisationId, String gtin, List<String> serials, SerialStatus status) {
    SerialBlock block = new SerialBlock();
    block.id = id;
    block.organisationId = organisationId;
    block.gtin = gtin;
    block.serials = List.copyOf(serials);
    block.count = serials.size();
    block.status = status;
    return block;
  }

  public UUID id() {
    return id;
  }

  public UUID organisationId() {
    return organisationId;
  }

  public String gtin() {
    return gtin;
  }

  public Optional<String> first() {
    return Optional.ofNullable(first);
  }

  public Optional<String> last() {
    return Optional.ofNullable(last);
  }

  public Optional<List<String>> serials() {
    return Optional.ofNullable(serials).map(List::copyOf);
  }

  public long count() {
    return count;
  }

  public SerialStatus status() {
    return status;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
