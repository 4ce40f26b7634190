package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.persistence.Converter;

/** The kind of goods Tracemark follows; the category decides which events and risks apply. */
public enum ProductCategory implements Coded {
  @JsonProperty("grain")
  GRAIN("grain"),
  @JsonProperty("fish")
  FISH("fish"),
  @JsonProperty("other")
  OTHER("other");

  private final String code;

  ProductCategory(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Converter(autoApply = true)
  public static class Column extends Coded.Column<ProductCategory> {
    public Column() {
      super(ProductCategory.class);
    }
  }
}
