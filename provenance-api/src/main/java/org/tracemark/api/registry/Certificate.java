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
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.annotations.BatchSize;

/**
 * A certificate an organisation holds (organic, MSC, halal, phytosanitary, catch certificate) for
 * some of its products or lots. The platform keeps the facts and the document's SHA-256, so that a
 * document shown later can be checked to be the one registered; the document stays with its holder.
 * Revoked certificates are kept, with when and why.
 */
@Entity
@Table(name = "certificate")
public class Certificate {

  @Id private UUID id;

  @Column(name = "organisation_id", nullable = false, updatable = false)
  private UUID organisationId;

  @Column(nullable = false, updatable = false)
  private CertificateType type;

  @Column(name = "issuer_name", nullable = false, updatable = false)
  private String issuerName;

  @Column(name = "issuer_gln", updatable = false, length = 13)
  private String issuerGln;

  @Column(name = "valid_from", nullable = false, updatable = false)
  private LocalDate validFrom;

  @Column(name = "valid_to", nullable = false, updatable = false)
  private LocalDate validTo;

  @Column(name = "document_sha256", nullable = false, updatable = false, length = 64)
  private String documentSha256;

  @Column(name = "document_url", updatable = false)
  private String documentUrl;

  @Column(nullable = false)
  private CertificateStatus status = CertificateStatus.VALID;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Column(name = "revocation_reason")
  private String revocationReason;

  @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
  private Instant createdAt;

  @ElementCollection(fetch = FetchType.EAGER)
  @BatchSize(size = 100)
  @CollectionTable(name = "certificate_gtin", joinColumns = @JoinColumn(name = "certificate_id"))
  @Column(name = "gtin")
  private Set<String> gtins = new TreeSet<>();

  @ElementCollection(fetch = FetchType.EAGER)
  @BatchSize(size = 100)
  @CollectionTable(name = "certificate_lot", joinColumns = @JoinColumn(name = "certificate_id"))
  @Column(name = "lot_id")
  private Set<UUID> lots = new TreeSet<>();

  protected Certificate() {}

  Certificate(
      UUID id,
      UUID organisationId,
      CertificateType type,
      String issuerName,
      String issuerGln,
      LocalDate validFrom,
      LocalDate validTo,
      String documentSha256,
      String documentUrl,
      Set<String> gtins,
      Set<UUID> lots) {
    this.id = id;
    this.organisationId = organisationId;
    this.type = type;
    this.issuerName = issuerName;
    this.issuerGln = issuerGln;
    this.validFrom = validFrom;
    this.validTo = validTo;
    this.documentSha256 = documentSha256;
    this.documentUrl = documentUrl;
    this.gtins = new TreeSet<>(gtins);
    this.lots = new TreeSet<>(lots);
  }

  void revoke(Instant at, String reason) {
    this.status = CertificateStatus.REVOKED;
    this.revokedAt = at;
    this.revocationReason = reason;
  }

  public UUID id() {
    return id;
  }

  public UUID organisationId() {
    return organisationId;
  }

  public CertificateType type() {
    return type;
  }

  public String issuerName() {
    return issuerName;
  }

  public Optional<String> issuerGln() {
    return Optional.ofNullable(issuerGln);
  }

  public LocalDate validFrom() {
    return validFrom;
  }

  public LocalDate validTo() {
    return validTo;
  }

  public String documentSha256() {
    return documentSha256;
  }

  public Optional<String> documentUrl() {
    return Optional.ofNullable(documentUrl);
  }

  public CertificateStatus status() {
    return status;
  }

  public Optional<Instant> revokedAt() {
    return Optional.ofNullable(revokedAt);
  }

  public Optional<String> revocationReason() {
    return Optional.ofNullable(revocationReason);
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Set<String> gtins() {
    return Set.copyOf(gtins);
  }

  public Set<UUID> lots() {
    return Set.copyOf(lots);
  }
}
