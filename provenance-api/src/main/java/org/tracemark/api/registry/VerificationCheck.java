package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.persistence.Converter;

/** What an admin checked before verifying an organisation; recorded with the decision. */
public enum VerificationCheck implements Coded {
  @JsonProperty("business-registration")
  BUSINESS_REGISTRATION("business-registration"),
  @JsonProperty("gs1-prefix-licence")
  GS1_PREFIX_LICENCE("gs1-prefix-licence"),
  @JsonProperty("site-visit")
  SITE_VISIT("site-visit");

  private final String code;

  VerificationCheck(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Converter(autoApply = true)
  public static class Column extends Coded.Column<VerificationCheck> {
    public Column() {
      super(VerificationCheck.class);
    }
  }
}
