package org.tracemark.api.readings;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tracemark.keys.device.DeviceId;

/**
 * A projected reading as an EPCIS 2.0 {@code ObjectEvent} (JSON-LD, compacted against the EPCIS 2.0
 * context plus the {@code tracemark} prefix of {@link #CONTEXT}).
 *
 * <p>Decisions, from the EPCIS 2.0 / CBV 2.0 artefacts in github.com/gs1/EPCIS (the JSON Schema
 * {@code EPCIS-JSON-Schema.json}, the context {@code gs1-context-measurement-type.jsonld} and the
 * sensor examples under {@code JSON/WithSensorData}):
 *
 * <ul>
 *   <li>Measurement types are written as the schema enumerates them and GS1's examples use them,
 *       compact terms that the EPCIS context expands to the GS1 Web Vocabulary: {@code Temperature}
 *       (= {@code gs1:Temperature}), {@code RelativeHumidity}, {@code Mass}, {@code Acceleration}.
 *   <li>Units are UN/CEFACT Recommendation 20 common codes, as {@code uom} requires: {@code CEL}
 *       (°C), {@code P1} (percent, for %RH), {@code KGM} (kg), {@code K40} (standard acceleration
 *       of free fall, g, for shock).
 *   <li>Position is not a readPoint: readPoint is a business location identifier (SGLN / GLN
 *       Digital Link), and a moving sensor's fix is a measurement. Following SensorDataExample14,
 *       lat and lon are two sensorReports of type {@code Angle} in {@code DD} (decimal degrees)
 *       with {@code component} {@code latitude} / {@code longitude}; the CRS is WGS84, the default,
 *       so {@code coordinateReferenceSystem} is omitted.
 *   <li>A sensor reading's bizStep is CBV 2.0's {@code sensor_reporting}; a scan's is its {@code
 *       biz}, its readPoint its {@code loc}, and its epc leads the epcList, followed by {@code
 *       obj}.
 *   <li>Measurement names outside the contract's six become {@code tracemark:<name>} types without
 *       a unit (the schema allows any non-GS1 URI as a type).
 *   <li>Where the reading is in the ledger and who signed it are user extensions: {@code
 *       tracemark:ledgerIndex}, {@code tracemark:position}, {@code tracemark:device}, {@code
 *       tracemark:boot}, {@code tracemark:seq}.
 * </ul>
 */
public final class ReadingEvents {

  /** The EPCIS 2.0 JSON-LD context. */
  public static final String EPCIS_CONTEXT =
      "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

  /** The namespace of Tracemark's user extensions. */
  public static final String TRACEMARK_NAMESPACE = "https://tracemark.org/epcis/";

  /** {@code @context} of every document that carries these events. */
  public static final List<Object> CONTEXT =
      List.of(EPCIS_CONTEXT, Map.of("tracemark", TRACEMARK_NAMESPACE));

  /** The CBV 2.0 business step of sensor readings. */
  public static final String SENSOR_REPORTING = "sensor_reporting";

  /** EPCIS times with their offset; we keep UTC throughout (DESIGN §5). */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

  private record Measure(String type, String uom, String component) {}

  private static final Map<String, Measure> MEASURES =
      Map.of(
          "temperature", new Measure("Temperature", "CEL", null),
          "humidity", new Measure("RelativeHumidity", "P1", null),
          "mass", new Measure("Mass", "KGM", null),
          "shock", new Measure("Acceleration", "K40", null),
          "lat", new Measure("Angle", "DD", "latitude"),
          "lon", new Measure("Angle", "DD", "longitude"));

  private ReadingEvents() {}

  public static String time(Instant instant) {
    return TIME.format(instant);
  }

  public static Map<String, Object> objectEvent(ReadingRow row) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", "ObjectEvent");
    event.put("eventTime", time(row.deviceTime()));
    event.put("eventTimeZoneOffset", "+00:00");
    event.put("recordTime", time(row.receivedAt()));
    List<String> epcs = new ArrayList<>();
    row.epc().ifPresent(epcs::add);
    row.objects().stream().filter(o -> !epcs.contains(o)).forEach(epcs::add);
    event.put("epcList", epcs);
    event.put("action", "OBSERVE");
    event.put("bizStep", row.bizStep().orElse(SENSOR_REPORTING));
    row.location().ifPresent(loc -> event.put("readPoint", Map.of("id", loc)));
    if (!row.measurements().isEmpty()) {
      Map<String, Object> metadata = new LinkedHashMap<>();
      metadata.put("time", time(row.deviceTime()));
      metadata.put("deviceID", DeviceId.URN_PREFIX + row.device());
      List<Map<String, Object>> reports = new ArrayList<>();
      row.measurements()
          .forEach(
              (name, value) -> {
                Map<String, Object> report = new LinkedHashMap<>();
                Measure measure = MEASURES.get(name);
                if (measure == null) {
                  report.put("type", "tracemark:" + name);
                  report.put("value", value);
                } else {
                  report.put("type", measure.type());
                  report.put("value", value);
                  if (measure.component() != null) {
                    report.put("component", measure.component());
                  }
                  report.put("uom", measure.uom());
                }
                reports.add(report);
              });
      Map<String, Object> element = new LinkedHashMap<>();
      element.put("sensorMetadata", metadata);
      element.put("sensorReport", reports);
      event.put("sensorElementList", List.of(element));
    }
    event.put("tracemark:ledgerIndex", row.ledgerIndex());
    event.put("tracemark:position", row.pos());
    event.put("tracemark:device", row.device());
    event.put("tracemark:boot", row.boot());
    event.put("tracemark:seq", row.seq());
    return event;
  }
}
