package org.tracemark.keys.reading;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One sensor or scan observation: a single reading's own fields, or one entry of a batch's {@code
 * r} array (DESIGN §2). Validated on construction by the rules of signed-reading v1, so an {@code
 * Observation} that exists can be encoded and will decode back equal.
 *
 * @param ts device clock, ms since the Unix epoch
 * @param kind {@link ReadingKind#SENSOR} or {@link ReadingKind#SCAN}
 * @param measurements {@code m}: sensor values by name (°C, %RH, kg, degrees, g), finite
 * @param epc {@code epc}: what was scanned (scan only)
 * @param biz {@code biz}: CBV business step (scan only)
 * @param loc {@code loc}: where (scan only, optional)
 * @param objects {@code obj}: EPCs the sensor is attached to; empty when absent
 */
public record Observation(
    long ts,
    ReadingKind kind,
    SortedMap<String, Double> measurements,
    Optional<String> epc,
    Optional<String> biz,
    Optional<String> loc,
    List<String> objects) {

  public static final int MAX_MEASUREMENTS = 32;
  public static final int MAX_NAME_LENGTH = 64;
  public static final int MAX_OBJECTS = 1000;

  public Observation {
    if (ts < 0) {
      throw new IllegalArgumentException("ts must be >= 0, got " + ts);
    }
    if (kind == null || kind == ReadingKind.BATCH) {
      throw new IllegalArgumentException("an observation is a sensor reading or a scan");
    }
    measurements = Collections.unmodifiableSortedMap(new TreeMap<>(measurements));
    objects = List.copyOf(objects);
    for (Map.Entry<String, Double> m : measurements.entrySet()) {
      String name = m.getKey();
      if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
        throw new IllegalArgumentException("measurement name must be 1-64 characters: " + name);
      }
      double value = m.getValue();
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("measurement " + name + " is not finite: " + value);
      }
      if (name.equals("lat") && Math.abs(value) > 90) {
        throw new IllegalArgumentException("lat " + value + " is outside -90..90");
      }
      if (name.equals("lon") && Math.abs(value) > 180) {
        throw new IllegalArgumentException("lon " + value + " is outside -180..180");
      }
    }
    if (measurements.size() > MAX_MEASUREMENTS) {
      throw new IllegalArgumentException(
          measurements.size() + " measurements, at most " + MAX_MEASUREMENTS);
    }
    if (objects.size() > MAX_OBJECTS || objects.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("obj must hold 1-1000 non-empty EPCs");
    }
    nonEmpty(epc, "epc");
    nonEmpty(biz, "biz");
    nonEmpty(loc, "loc");
    if (kind == ReadingKind.SENSOR) {
      if (measurements.isEmpty()) {
        throw new IllegalArgumentException("a sensor reading needs at least one measurement (m)");
      }
      if (epc.isPresent() || biz.isPresent() || loc.isPresent()) {
        throw new IllegalArgumentException("a sensor reading has no epc, biz or loc");
      }
    } else if (epc.isEmpty() || biz.isEmpty()) {
      throw new IllegalArgumentException("a scan needs epc and biz");
    }
  }

  private static void nonEmpty(Optional<String> value, String name) {
    if (value == null || value.filter(String::isEmpty).isPresent()) {
      throw new IllegalArgumentException(name + " must be absent or non-empty text");
    }
  }

  /** A sensor observation. */
  public static Observation sensor(long ts, Map<String, Double> measurements, List<String> obj) {
    return new Observation(
        ts,
        ReadingKind.SENSOR,
        new TreeMap<>(measurements),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        obj);
  }

  /** A scan of {@code epc} during business step {@code biz}, at {@code loc} if known. */
  public static Observation scan(long ts, String epc, String biz, Optional<String> loc) {
    return new Observation(
        ts, ReadingKind.SCAN, new TreeMap<>(), Optional.of(epc), Optional.of(biz), loc, List.of());
  }
}
