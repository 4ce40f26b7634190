package org.tracemark.api.registry;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A company that takes part in a supply chain: a farm, a fishery, a mill, an importer. Everything
 * else in the registry belongs to one, and its GS1 company prefixes decide which GS1 keys it may
 * register.
 *
 * <p>It starts {@link OrganisationStatus#PENDING}; an admin's latest decision (who, when, what was
 * checked) is kept here for reads, and every decision in {@link OrganisationDecision}.
 */
@Entity
@Table(name = "organisation")
public class Organisation {

  @Id private UUID id;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false, length = 2)
  private String country;

  @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
  private Instant createdAt;

  @ElementCollection(fetch = FetchType.EAGER)
  @CollectionTable(name = "gs1_company_prefix", joinColumns = @JoinColumn(name = "organisation_id"))
  @Column(name = "prefix")
  private Set<String> companyPrefixes = new TreeSet<>();

  @Column(nullable = false)
  private OrganisationStatus status = OrganisationStatus.PENDING;

  /** The subject of the token that registered it (a producer registering itself, or an admin). */
  @Column(name = "registered_by")
  private String registeredBy;

  @Column(name = "decided_at")
  private Instant decidedAt;

  @Column(name = "decided_by")
  private String decidedBy;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "decision_checks", nullable = false)
  private List<String> decisionChecks = new ArrayList<>();

  @Column(name = "decision_note")
  private String decisionNote;

  protected Organisation() {}

  public Organisation(UUID id, String name, String country, Set<String> companyPrefixes) {
    this.id = id;
    this.name = name;
    this.country = country;
    this.companyPrefixes = new TreeSet<>(companyPrefixes);
  }

  /** A new, pending organisation registered by {@code registeredBy}. */
  static Organisation register(UUID id, String name, String country, String registeredBy) {
    Organisation organisation = new Organisation(id, name, country, Set.of());
    organisation.registeredBy = registeredBy;
    return organisation;
  }

  /** Records an admin's decision as the current one; the caller stores its history row. */
  void decide(OrganisationDecision decision) {
    this.status = decision.outcome();
    this.decidedAt = decision.decidedAt();
    this.decidedBy = decision.decidedBy();
    this.decisionChecks = new ArrayList<>(decision.checks());
    this.decisionNote = decision.note();
  }

  void addCompanyPrefix(String prefix) {
    companyPrefixes.add(prefix);
  }

  public UUID id() {
    return id;
  }

  public String name() {
    return name;
  }

  public String country() {
    return country;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Set<String> companyPrefixes() {
    return Set.copyOf(companyPrefixes);
  }

  /**
   * Whether {@code digits} (a GS1 key from its company prefix position on: a GLN, or a GTIN or SSCC
   * without its first digit) starts with one of this organisation's prefixes.
   */
  public boolean owns(String digits) {
    return companyPrefixes.stream().anyMatch(digits::startsWith);
  }

  public OrganisationStatus status() {
    return status;
  }

  public Optional<String> registeredBy() {
    return Optional.ofNullable(registeredBy);
  }

  public Optional<Instant> decidedAt() {
    return Optional.ofNullable(decidedAt);
  }

  public Optional<String> decidedBy() {
    return Optional.ofNullable(decidedBy);
  }

  public List<String> decisionChecks() {
    return List.copyOf(decisionChecks);
  }

  public Optional<String> decisionNote() {
    return Optional.ofNullable(decisionNote);
  }
}
