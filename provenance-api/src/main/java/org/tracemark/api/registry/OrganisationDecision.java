package org.tracemark.api.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One admin decision about an organisation, never changed: a later decision adds a row, so what was
 * checked before a rejection (or a re-verification) stays on record.
 */
@Entity
@Table(name = "organisation_decision")
public class OrganisationDecision {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(name = "organisation_id", nullable = false, updatable = false)
  private UUID organisationId;

  @Column(nullable = false, updatable = false)
  private OrganisationStatus outcome;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(nullable = false, updatable = false)
  private List<String> checks;

  @Column(updatable = false)
  private String note;

  @Column(name = "decided_by", nullable = false, updatable = false)
  private String decidedBy;

  @Column(name = "decided_at", nullable = false, updatable = false)
  private Instant decidedAt;

  protected OrganisationDecision() {}

  OrganisationDecision(
      UUID organisationId,
      OrganisationStatus outcome,
      List<String> checks,
      String note,
      String decidedBy,
      Instant decidedAt) {
    this.organisationId = organisationId;
    this.outcome = outcome;
    this.checks = List.copyOf(checks);
    this.note = note;
    this.decidedBy = decidedBy;
    this.decidedAt = decidedAt;
  }

  public OrganisationStatus outcome() {
    return outcome;
  }

  public List<String> checks() {
    return checks;
  }

  public String note() {
    return note;
  }

  public String decidedBy() {
    return decidedBy;
  }

  public Instant decidedAt() {
    return decidedAt;
  }
}
