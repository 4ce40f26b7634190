package org.tracemark.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.ReadingId;

class BufferSummaryTest {

  @Test
  void summarisesWhatCouldNotBeKeptWithItsSequenceRange() throws Exception {
    BufferSummary summary = new BufferSummary();
    assertThat(summary.isEmpty()).isTrue();
    ReadingId first = ReadingId.of(DeviceId.of("reefer-1"), 2, 500);
    double[] temperatures = {-18.5, -17.0, -12.5};
    for (int i = 0; i < temperatures.length; i++) {
      summary.add(
          first.plus(i),
          Observation.sensor(1_000L + i, Map.of("temperature", temperatures[i]), List.of()));
    }
    JsonNode json = new ObjectMapper().readTree(summary.toJson("buffer-recovered"));
    assertThat(json.get("state").asText()).isEqualTo("buffer-recovered");
    assertThat(json.get("dropped").asLong()).isEqualTo(3);
    assertThat(json.get("boot").asLong()).isEqualTo(2);
    assertThat(json.get("firstSeq").asLong()).isEqualTo(500);
    assertThat(json.get("lastSeq").asLong()).isEqualTo(502);
    JsonNode temperature = json.get("summary").get("temperature");
    assertThat(temperature.get("min").asDouble()).isEqualTo(-18.5);
    assertThat(temperature.get("max").asDouble()).isEqualTo(-12.5);
    assertThat(temperature.get("mean").asDouble()).isEqualTo(-16.0);
  }
}
