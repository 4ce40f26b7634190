package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.persistence.Converter;

/** What a location is; consumers see it on the map of a product's journey. */
public enum LocationKind implements Coded {
  @JsonProperty("farm")
  FARM("farm"),
  @JsonProperty("vessel")
  VESSEL("vessel"),
  @JsonProperty("port")
  PORT("port"),
  @JsonProperty("warehouse")
  WAREHOUSE("warehouse"),
  @JsonProperty("mill")
  MILL("mill"),
  @JsonProperty("processing-plant")
  PROCESSING_PLANT("processing-plant"),
  @JsonProperty("retail")
  RETAIL("retail"),
  @JsonProperty("other")
  OTHER("other");

  private final String code;

  LocationKind(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Converter(autoApply = true)
  public static class Column extends Coded.Column<LocationKind> {
    public Column() {
      super(LocationKind.class);
    }
  }
}
