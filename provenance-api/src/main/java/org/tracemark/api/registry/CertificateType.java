package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.persistence.Converter;

/**
 * The schemes customs and consumers ask about; {@code other} for the rest (the issuer says which).
 */
public enum CertificateType implements Coded {
  @JsonProperty("organic")
  ORGANIC("organic"),
  @JsonProperty("msc")
  MSC("msc"),
  @JsonProperty("halal")
  HALAL("halal"),
  @JsonProperty("phytosanitary")
  PHYTOSANITARY("phytosanitary"),
  @JsonProperty("catch-certificate")
  CATCH_CERTIFICATE("catch-certificate"),
  @JsonProperty("other")
  OTHER("other");

  private final String code;

  CertificateType(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Converter(autoApply = true)
  public static class Column extends Coded.Column<CertificateType> {
    public Column() {
      super(CertificateType.class);
    }
  }
}
