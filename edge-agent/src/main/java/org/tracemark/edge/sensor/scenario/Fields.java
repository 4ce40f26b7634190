package org.tracemark.edge.sensor.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One JSON object of a scenario file and where it is, so that every error names the file and the
 * field: typed getters that say what was expected and what was found.
 */
final class Fields {

  private final String file;
  private final String path;
  private final JsonNode node;

  private Fields(String file, String path, JsonNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
  }

  static Fields root(String file, JsonNode node) throws ScenarioException {
    if (!node.isObject()) {
      throw new ScenarioException(file, "", "expected a JSON object, got " + describe(node));
    }
    return new Fields(file, "", node);
  }

  String file() {
    return file;
  }

  /** The path of a field of this object. */
  String at(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** The path of this object itself. */
  String path() {
    return path;
  }

  ScenarioException error(String name, String problem) {
    return new ScenarioException(file, at(name), problem);
  }

  ScenarioException error(String problem) {
    return new ScenarioException(file, path, problem);
  }

  /** Rejects fields other than {@code allowed}: a typo must not silently fall back to a default. */
  Fields only(String... allowed) throws ScenarioException {
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!ok.contains(name)) {
        throw error(name, "unknown field; expected one of " + new TreeSet<>(ok));
      }
    }
    return this;
  }

  boolean has(String name) {
    return node.has(name) && !node.get(name).isNull();
  }

  private JsonNode required(String name) throws ScenarioException {
    if (!has(name)) {
      throw error(name, "missing");
    }
    return node.get(name);
  }

  String text(String name) throws ScenarioException {
    JsonNode v = required(name);
    if (!v.isTextual()) {
      throw error(name, "expected text, got " + describe(v));
    }
    if (v.asText().isEmpty()) {
      throw error(name, "must not be empty");
    }
    return v.asText();
  }

  Optional<String> optionalText(String name) throws ScenarioException {
    return has(name) ? Optional.of(text(name)) : Optional.empty();
  }

  double number(String name) throws ScenarioException {
    JsonNode v = required(name);
    if (!v.isNumber()) {
      throw error(name, "expected a number, got " + describe(v));
    }
    double d = v.asDouble();
    if (!Double.isFinite(d)) {
      throw error(name, "must be finite");
    }
    return d;
  }

  double number(String name, double fallback) throws ScenarioException {
    return has(name) ? number(name) : fallback;
  }

  double number(String name, double min, double max) throws ScenarioException {
    double d = number(name);
    if (d < min || d > max) {
      throw error(name, d + " is outside " + min + ".." + max);
    }
    return d;
  }

  long integer(String name) throws ScenarioException {
    JsonNode v = required(name);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw error(name, "expected an integer, got " + describe(v));
    }
    return v.asLong();
  }

  /** An ISO-8601 duration such as {@code P2DT6H30M}, not negative. */
  Duration duration(String name) throws ScenarioException {
    String s = text(name);
    try {
      Duration d = Duration.parse(s);
      if (d.isNegative()) {
        throw error(name, "must not be negative: " + s);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw error(name, "expected an ISO-8601 duration such as P2DT6H or PT30M, got \"" + s + "\"");
    }
  }

  /** An ISO-8601 instant such as {@code 2025-09-01T21:00:00Z}. */
  Instant instant(String name) throws ScenarioException {
    String s = text(name);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw error(name, "expected an instant such as 2025-09-01T21:00:00Z, got \"" + s + "\"");
    }
  }

  Fields object(String name) throws ScenarioException {
    JsonNode v = required(name);
    if (!v.isObject()) {
      throw error(name, "expected an object, got " + describe(v));
    }
    return new Fields(file, at(name), v);
  }

  Optional<Fields> optionalObject(String name) throws ScenarioException {
    return has(name) ? Optional.of(object(name)) : Optional.empty();
  }

  /** The objects of an array field (empty if the field is absent and not {@code required}). */
  List<Fields> objects(String name, boolean required) throws ScenarioException {
    if (!has(name)) {
      if (required) {
        throw error(name, "missing");
      }
      return List.of();
    }
    JsonNode v = node.get(name);
    if (!v.isArray()) {
      throw error(name, "expected an array, got " + describe(v));
    }
    List<Fields> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      String p = at(name) + "[" + i + "]";
      if (!e.isObject()) {
        throw new ScenarioException(file, p, "expected an object, got " + describe(e));
      }
      out.add(new Fields(file, p, e));
    }
    return out;
  }

  /** The strings of an array field, each with its path. */
  List<String> texts(String name) throws ScenarioException {
    if (!has(name)) {
      return List.of();
    }
    JsonNode v = node.get(name);
    if (!v.isArray()) {
      throw error(name, "expected an array of text, got " + describe(v));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual() || e.asText().isEmpty()) {
        throw new ScenarioException(
            file, at(name) + "[" + i + "]", "expected non-empty text, got " + describe(e));
      }
      out.add(e.asText());
    }
    return out;
  }

  private static String describe(JsonNode v) {
    if (v.isTextual()) {
      String s = v.asText();
      return "text \"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
    }
    if (v.isNumber()) {
      return "number " + v.asText();
    }
    if (v.isBoolean()) {
      return "boolean " + v.asText();
    }
    if (v.isArray()) {
      return "an array";
    }
    if (v.isObject()) {
      return "an object";
    }
    return v.getNodeType().toString().toLowerCase(Locale.ROOT);
  }
}
