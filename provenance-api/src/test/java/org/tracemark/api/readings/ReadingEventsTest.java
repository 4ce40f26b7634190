package org.tracemark.api.readings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins the EPCIS 2.0 form of a reading (docs/contracts/http-api.md) to golden files: the sensor
 * types and units, position as latitude/longitude Angle reports, bizStep, readPoint and the
 * tracemark extensions. Clients are built against these; a change must be on purpose.
 */
class ReadingEventsTest {

  private final ObjectMapper json = new ObjectMapper();

  private JsonNode golden(String name) throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/vectors/" + name)) {
      return json.readTree(in);
    }
  }

  /** As a client parses it: numbers typed by their text, not by the Java type that wrote them. */
  private JsonNode asParsed(Object event) throws Exception {
    return json.readTree(json.writeValueAsString(event));
  }

  @Test
  void aSensorReadingIsAnObjectEventWithCbvSensorReports() throws Exception {
    TreeMap<String, Double> m = new TreeMap<>();
    m.put("temperature", 4.5);
    m.put("humidity", 81.0);
    m.put("mass", 1250.0);
    m.put("shock", 0.5);
    m.put("lat", -36.85);
    m.put("lon", 174.76);
    m.put("door", 1.0);
    ReadingRow row =
        new ReadingRow(
            1234,
            7,
            "reefer-7",
            3,
            17,
            Instant.parse("2026-11-25T08:00:00.250Z"),
            Instant.parse("2026-11-25T08:00:01Z"),
            "sensor",
            m,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of("urn:epc:id:sscc:0614141.1234567890"));
    assertThat(asParsed(ReadingEvents.objectEvent(row)))
        .isEqualTo(golden("epcis-reading-sensor.json"));
  }

  @Test
  void aScanIsAnObjectEventAtItsReadPoint() throws Exception {
    ReadingRow row =
        new ReadingRow(
            99,
            0,
            "dock-scanner-2",
            1,
            4,
            Instant.parse("2026-11-25T09:30:00Z"),
            Instant.parse("2026-11-25T09:30:00.400Z"),
            "scan",
            new TreeMap<>(),
            Optional.of("urn:epc:id:sscc:0614141.1234567890"),
            Optional.of("shipping"),
            Optional.of("urn:epc:id:sgln:0614141.07346.0"),
            List.of());
    assertThat(asParsed(ReadingEvents.objectEvent(row)))
        .isEqualTo(golden("epcis-reading-scan.json"));
  }
}
