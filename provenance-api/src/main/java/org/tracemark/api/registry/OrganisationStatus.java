package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.persistence.Converter;

/**
 * Where an organisation stands with the platform: registered and not yet checked, checked by an
 * admin (business registration, GS1 licence, …), or refused.
 */
public enum OrganisationStatus implements Coded {
  @JsonProperty("pending")
  PENDING("pending"),
  @JsonProperty("verified")
  VERIFIED("verified"),
  @JsonProperty("rejected")
  REJECTED("rejected");

  private final String code;

  OrganisationStatus(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Converter(autoApply = true)
  public static class Column extends Coded.Column<OrganisationStatus> {
    public Column() {
      super(OrganisationStatus.class);
    }
  }
}
