package org.tracemark.edge.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.ReadingId;

/**
 * What the agent measured while its buffer was full: the readings themselves could not be kept, but
 * their sequence numbers were used (so the gap stays visible to the platform) and this summary says
 * how many there were and what they measured (min, max, mean per measurement). Published on the
 * status topic once the buffer has room again.
 */
final class BufferSummary {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final TreeMap<String, double[]> stats = new TreeMap<>(); // min, max, sum, count
  private long readings;
  private ReadingId first;
  private ReadingId last;
  private long fromTs = Long.MAX_VALUE;
  private long toTs = Long.MIN_VALUE;

  void add(ReadingId id, Observation observation) {
    readings++;
    if (first == null) {
      first = id;
    }
    last = id;
    fromTs = Math.min(fromTs, observation.ts());
    toTs = Math.max(toTs, observation.ts());
    for (Map.Entry<String, Double> m : observation.measurements().entrySet()) {
      double v = m.getValue();
      double[] s = stats.computeIfAbsent(m.getKey(), k -> new double[] {v, v, 0, 0});
      s[0] = Math.min(s[0], v);
      s[1] = Math.max(s[1], v);
      s[2] += v;
      s[3]++;
    }
  }

  boolean isEmpty() {
    return readings == 0;
  }

  long readings() {
    return readings;
  }

  /** The status document, e.g. {@code {"state":"buffer-recovered","dropped":…}}. */
  String toJson(String state) {
    ObjectNode json = JSON.createObjectNode();
    json.put("state", state);
    json.put("dropped", readings);
    if (first != null) {
      json.put("boot", first.boot());
      json.put("firstSeq", first.seq());
      json.put("lastSeq", last.seq());
      json.put("fromTs", fromTs);
      json.put("toTs", toTs);
    }
    ObjectNode summary = json.putObject("summary");
    for (Map.Entry<String, double[]> e : stats.entrySet()) {
      double[] s = e.getValue();
      summary.putObject(e.getKey()).put("min", s[0]).put("max", s[1]).put("mean", s[2] / s[3]);
    }
    return json.toString();
  }
}
