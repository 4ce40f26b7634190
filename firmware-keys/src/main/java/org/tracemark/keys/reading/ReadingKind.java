package org.tracemark.keys.reading;

import java.util.Optional;

/** The {@code kind} of a signed reading (DESIGN §2), with its wire name. */
public enum ReadingKind {
  /** Sensor values in {@code m}: temperature, humidity, mass, position, shock. */
  SENSOR("sensor"),
  /** A barcode or RFID scan: {@code epc}, {@code biz}, {@code loc}. */
  SCAN("scan"),
  /** Several readings under one signature in {@code r}; reading i has sequence {@code seq + i}. */
  BATCH("batch");

  private final String wireName;

  ReadingKind(String wireName) {
    this.wireName = wireName;
  }

  /** The text in the payload's {@code kind} key. */
  public String wireName() {
    return wireName;
  }

  /**
   * The kind named by a payload's {@code kind} text, matched exactly (case-sensitive). Empty for
   * anything else: the codec reports that as a malformed reading.
   */
  public static Optional<ReadingKind> fromWireName(String wireName) {
    for (ReadingKind kind : values()) {
      if (kind.wireName.equals(wireName)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
