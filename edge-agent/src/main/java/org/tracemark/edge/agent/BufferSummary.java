package org.tracemark.edge.agent;

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
    StringBuilder json = new StringBuilder();
    json.append("{\"state\":\"").append(state).append('"');
    json.append(",\"dropped\":").append(readings);
    if (first != null) {
      json.append(",\"boot\":").append(first.boot());
      json.append(",\"firstSeq\":").append(first.seq());
      json.append(",\"lastSeq\":").append(last.seq());
      json.append(",\"fromTs\":").append(fromTs).append(",\"toTs\":").append(toTs);
    }
    json.append(",\"summary\":{");
    boolean firstEntry = true;
    for (Map.Entry<String, double[]> e : stats.entrySet()) {
      double[] s = e.getValue();
      if (!firstEntry) {
        json.append(',');
      }
      firstEntry = false;
      json.append('"').append(e.getKey()).append("\":{\"min\":").append(s[0]);
      json.append(",\"max\":").append(s[1]).append(",\"mean\":").append(s[2] / s[3]).append('}');
    }
    return json.append("}}").toString();
  }
}
