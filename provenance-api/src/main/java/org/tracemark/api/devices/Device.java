package org.tracemark.api.devices;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A registered device (sensor, scanner, logger); it belongs to one organisation for ever. */
@Entity
@Table(name = "device")
public class Device {

  @Id private String id;

  @Column(name = "organisation_id", nullable = false, updatable = false)
  private UUID organisationId;

  @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
  private Instant createdAt;

  protected Device() {}

  public Device(String id, UUID organisationId) {
    this.id = id;
    this.organisationId = organisationId;
  }

  public String id() {
    return id;
  }

  public UUID organisationId() {
    return organisationId;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
