package org.tracemark.api.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A trade item, keyed by its GTIN (always 14 digits here, whatever length is printed on the pack),
 * with what a consumer may be shown about it: {@link #publicFields()} names the fields the producer
 * made public.
 */
@Entity
@Table(name = "product")
public class Product {

  @Id
  @Column(length = 14)
  private String gtin;

  @Column(name = "organisation_id", nullable = false, updatable = false)
  private UUID organisationId;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private ProductCategory category;

  private String species;

  private String description;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "image_urls", nullable = false)
  private List<String> imageUrls = new ArrayList<>();

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "public_fields", nullable = false)
  private List<String> publicFields = new ArrayList<>();

  @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
  private Instant createdAt;

  protected Product() {}

  Product(
      String gtin,
      UUID organisationId,
      String name,
      ProductCategory category,
      String species,
      String description,
      List<String> imageUrls,
      List<String> publicFields) {
    this.gtin = gtin;
    this.organisationId = organisationId;
    this.name = name;
    this.category = category;
    this.species = species;
    this.description = description;
    this.imageUrls = new ArrayList<>(imageUrls);
    this.publicFields = new ArrayList<>(publicFields);
  }

  public String gtin() {
    return gtin;
  }

  public UUID organisationId() {
    return organisationId;
  }

  public String name() {
    return name;
  }

  public ProductCategory category() {
    return category;
  }

  public Optional<String> species() {
    return Optional.ofNullable(species);
  }

  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  public List<String> imageUrls() {
    return List.copyOf(imageUrls);
  }

  /** Codes of {@link ProductField}s a consumer may see. */
  public List<String> publicFields() {
    return List.copyOf(publicFields);
  }

  public Instant createdAt() {
    return createdAt;
  }
}
