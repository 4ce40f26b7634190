package org.tracemark.api.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A place where goods are grown, caught, stored, processed or sold: a GLN, or with an extension
 * (SGLN) a part of one, such as a field or a freezer. Events name it as their read point or
 * business location, and the consumer page puts it on a map.
 */
@Entity
@Table(name = "location")
public class Location {

  @Id private UUID id;

  @Column(name = "organisation_id", nullable = false, updatable = false)
  private UUID organisationId;

  @Column(nullable = false, updatable = false, length = 13)
  private String gln;

  /** The GLN extension component (AI 254); empty for the GLN itself. */
  @Column(nullable = false, updatable = false)
  private String extension;

  @Column(nullable = false)
  private String name;

  private String address;

  @Column(nullable = false, length = 2)
  private String country;

  private Double latitude;

  private Double longitude;

  @Column(nullable = false)
  private LocationKind kind;

  @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
  private Instant createdAt;

  protected Location() {}

  Location(
      UUID id,
      UUID organisationId,
      String gln,
      String extension,
      String name,
      String address,
      String country,
      Double latitude,
      Double longitude,
      LocationKind kind) {
    this.id = id;
    this.organisationId = organisationId;
    this.gln = gln;
    this.extension = extension;
    this.name = name;
    this.address = address;
    this.country = country;
    this.latitude = latitude;
    this.longitude = longitude;
    this.kind = kind;
  }

  public UUID id() {
    return id;
  }

  public UUID organisationId() {
    return organisationId;
  }

  public String gln() {
    return gln;
  }

  public Optional<String> extension() {
    return extension.isEmpty() ? Optional.empty() : Optional.of(extension);
  }

  public String name() {
    return name;
  }

  public Optional<String> address() {
    return Optional.ofNullable(address);
  }

  public String country() {
    return country;
  }

  public Optional<Double> latitude() {
    return Optional.ofNullable(latitude);
  }

  public Optional<Double> longitude() {
    return Optional.ofNullable(longitude);
  }

  public LocationKind kind() {
    return kind;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
