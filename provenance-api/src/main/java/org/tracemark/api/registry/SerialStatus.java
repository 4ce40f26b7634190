package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.persistence.Converter;

/**
 * Where a serialised item is in its life: in circulation, withdrawn, or destroyed (CBV
 * dispositions).
 */
public enum SerialStatus implements Coded {
  @JsonProperty("commissioned")
  COMMISSIONED("commissioned"),
  @JsonProperty("decommissioned")
  DECOMMISSIONED("decommissioned"),
  @JsonProperty("destroyed")
  DESTROYED("destroyed");

  private final String code;

  SerialStatus(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Converter(autoApply = true)
  public static class Column extends Coded.Column<SerialStatus> {
    public Column() {
      super(SerialStatus.class);
    }
  }
}
