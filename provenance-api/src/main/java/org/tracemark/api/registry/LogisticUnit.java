package org.tracemark.api.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A pallet, container or tote, keyed by its SSCC: what customs declarations and shipping name. */
@Entity
@Table(name = "logistic_unit")
public class LogisticUnit {

  @Id
  @Column(length = 18)
  private String sscc;

  @Column(name = "organisation_id", nullable = false, updatable = false)
  private UUID organisationId;

  private String content;

  @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
  private Instant createdAt;

  protected LogisticUnit() {}

  LogisticUnit(String sscc, UUID organisationId, String content) {
    this.sscc = sscc;
    this.organisationId = organisationId;
    this.content = content;
  }

  public String sscc() {
    return sscc;
  }

  public UUID organisationId() {
    return organisationId;
  }

  public Optional<String> content() {
    return Optional.ofNullable(content);
  }

  public Instant createdAt() {
    return createdAt;
  }
}
