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
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A company that takes part in a supply chain: a farm, a fishery, a mill, an importer. Everything
 * else in the registry belongs to one, and its GS1 company prefixes decide which GS1 keys it may
 * register.
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

  protected Organisation() {}

  public Organisation(UUID id, String name, String country, Set<String> companyPrefixes) {
    this.id = id;
    this.name = name;
    this.country = country;
    this.companyPrefixes = new TreeSet<>(companyPrefixes);
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
}
