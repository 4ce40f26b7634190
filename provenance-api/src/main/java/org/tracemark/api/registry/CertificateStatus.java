package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.persistence.Converter;

/**
 * A certificate is valid (within its dates) until it is revoked; revoked ones stay, with the
 * reason.
 */
public enum CertificateStatus implements Coded {
  @JsonProperty("valid")
  VALID("valid"),
  @JsonProperty("revoked")
  REVOKED("revoked");

  private final String code;

  CertificateStatus(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Converter(autoApply = true)
  public static class Column extends Coded.Column<CertificateStatus> {
    public Column() {
      super(CertificateStatus.class);
    }
  }
}
