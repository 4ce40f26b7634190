package org.tracemark.api.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * A batch or lot (AI 10) of one product: what was harvested, caught or produced together, where and
 * when. {@link #isPublic()} says whether consumers scanning the lot's Digital Link see it.
 */
@Entity
@Table(name = "lot")
public class Lot {

  @Id private UUID id;

  @Column(name = "organisation_id", nullable = false, updatable = false)
  private UUID organisationId;

  @Column(nullable = false, updatable = false, length = 14)
  private String gtin;

  @Column(nullable = false, updatable = false)
  private String lot;

  @Column(name = "production_date")
  private LocalDate productionDate;

  @Column(name = "expiry_date")
  private LocalDate expiryDate;

  @Column(name = "origin_id")
  private UUID originId;

  @Column(name = "harvest_area")
  private String harvestArea;

  private BigDecimal quantity;

  private String unit;

  /** Whether consumers see the lot ("public" is a keyword in Java only). */
  @Column(name = "public", nullable = false)
  private boolean shownToConsumers;

  @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
  private Instant createdAt;

  protected Lot() {}

  Lot(
      UUID id,
      UUID organisationId,
      String gtin,
      String lot,
      LocalDate productionDate,
      LocalDate expiryDate,
      UUID originId,
      String harvestArea,
      BigDecimal quantity,
      String unit,
      boolean isPublic) {
    this.id = id;
    this.organisationId = organisationId;
    this.gtin = gtin;
    this.lot = lot;
    this.productionDate = productionDate;
    this.expiryDate = expiryDate;
    this.originId = originId;
    this.harvestArea = harvestArea;
    this.quantity = quantity;
    this.unit = unit;
    this.shownToConsumers = isPublic;
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

  public String lot() {
    return lot;
  }

  public Optional<LocalDate> productionDate() {
    return Optional.ofNullable(productionDate);
  }

  public Optional<LocalDate> expiryDate() {
    return Optional.ofNullable(expiryDate);
  }

  public Optional<UUID> originId() {
    return Optional.ofNullable(originId);
  }

  public Optional<String> harvestArea() {
    return Optional.ofNullable(harvestArea);
  }

  public Optional<BigDecimal> quantity() {
    return Optional.ofNullable(quantity);
  }

  public Optional<String> unit() {
    return Optional.ofNullable(unit);
  }

  public boolean isPublic() {
    return shownToConsumers;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
