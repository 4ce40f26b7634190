package org.tracemark.api.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.persistence.Converter;

/**
 * A product field a producer may show to consumers ({@code publicFields}); the GTIN always shows.
 */
public enum ProductField implements Coded {
  @JsonProperty("name")
  NAME("name"),
  @JsonProperty("category")
  CATEGORY("category"),
  @JsonProperty("species")
  SPECIES("species"),
  @JsonProperty("description")
  DESCRIPTION("description"),
  @JsonProperty("imageUrls")
  IMAGE_URLS("imageUrls");

  private final String code;

  ProductField(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Converter(autoApply = true)
  public static class Column extends Coded.Column<ProductField> {
    public Column() {
      super(ProductField.class);
    }
  }
}
