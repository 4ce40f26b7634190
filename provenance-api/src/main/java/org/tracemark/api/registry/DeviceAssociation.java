package org.tracemark.api.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A device riding on a logistic unit from {@link #from()} until {@link #to()} (open while empty):
 * what ties a logger's temperature readings to the pallet customs ask about. One device is on one
 * unit at a time.
 */
@Entity
@Table(name = "logistic_unit_device")
public class DeviceAssociation {

  @Id private UUID id;

  @Column(nullable = false, updatable = false, length = 18)
  private String sscc;

  @Column(name = "device_id", nullable = false, updatable = false)
  private String deviceId;

  @Column(name = "valid_from", nullable = false, updatable = false)
  private Instant validFrom;

  @Column(name = "valid_to")
  private Instant validTo;

  protected DeviceAssociation() {}

  DeviceAssociation(UUID id, String sscc, String deviceId, Instant validFrom) {
    this.id = id;
    this.sscc = sscc;
    this.deviceId = deviceId;
    this.validFrom = validFrom;
  }

  void end(Instant to) {
    this.validTo = to;
  }

  public UUID id() {
    return id;
  }

  public String sscc() {
    return sscc;
  }

  public String deviceId() {
    return deviceId;
  }

  public Instant from() {
    return validFrom;
  }

  public Optional<Instant> to() {
    return Optional.ofNullable(validTo);
  }
}
