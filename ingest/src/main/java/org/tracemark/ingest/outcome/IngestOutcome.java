package org.tracemark.ingest.outcome;

import org.tracemark.keys.reading.QuarantineReason;
import org.tracemark.keys.reading.ReadingId;

/**
 * What ingest decided about one MQTT message: exactly one of accepted, duplicate or quarantined
 * (DESIGN §2). Each outcome carries what its metric and its log line need, and nothing that could
 * leak key material.
 */
public sealed interface IngestOutcome {

  /** Which of the three outcomes this is. */
  OutcomeCode code();

  /**
   * One log line, {@code key=value} pairs after the outcome word, e.g. {@code accepted
   * first=silo-7/3/40 count=5}. Values from the message are escaped, so the line stays one line.
   */
  String logLine();

  /**
   * A valid message with new {@code (dev, boot, seq)}: it becomes exactly one ledger entry.
   *
   * @param first id of the message's (first) reading
   * @param count readings the message carries: 1 for a single reading, the batch size otherwise
   */
  record Accepted(ReadingId first, int count) implements IngestOutcome {

    public Accepted {
      if (first == null) {
        throw new IllegalArgumentException("an accepted message has a reading id");
      }
      if (count < 1) {
        throw new IllegalArgumentException(
            "an accepted message carries at least 1 reading, got " + count + " for " + first);
      }
      if (first.seq() > Long.MAX_VALUE - (count - 1)) {
        throw new IllegalArgumentException(
            count + " readings from " + first + " run past the largest sequence number");
      }
    }

    public static Accepted of(ReadingId first, int count) {
      return new Accepted(first, count);
    }

    /** Id of the message's last reading: {@code first} itself for a single reading. */
    public ReadingId last() {
      return first.plus(count - 1L);
    }

    @Override
    public OutcomeCode code() {
      return OutcomeCode.ACCEPTED;
    }

    @Override
    public String logLine() {
      return code().label() + " first=" + first + " count=" + count;
    }
  }

  /**
   * Same {@code (dev, boot, seq)} and same bytes as a message already accepted (a QoS 1 redelivery
   * or an agent resend): dropped, and acknowledged as if accepted.
   *
   * @param first id of the repeated message's (first) reading
   */
  record Duplicate(ReadingId first) implements IngestOutcome {

    public Duplicate {
      if (first == null) {
        throw new IllegalArgumentException("a duplicate names the reading it repeats");
      }
    }

    public static Duplicate of(ReadingId first) {
      return new Duplicate(first);
    }

    @Override
    public OutcomeCode code() {
      return OutcomeCode.DUPLICATE;
    }

    @Override
    public String logLine() {
      return code().label() + " first=" + first;
    }
  }

  /**
   * A message kept aside and never anchored.
   *
   * @param reason the stable reason code, a metric label
   * @param evidence what failed, for people: which kid, which device, which sizes. Never key
   *     material. Often derived from the message, so treat it as untrusted text.
   */
  record Quarantined(QuarantineReason reason, String evidence) implements IngestOutcome {

    /** Longest evidence echoed into a log line; the full text stays in the record. */
    public static final int MAX_LOGGED_EVIDENCE = 256;

    public Quarantined {
      if (reason == null) {
        throw new IllegalArgumentException("a quarantined message needs a reason");
      }
      if (evidence == null || evidence.isBlank()) {
        throw new IllegalArgumentException(
            "a quarantined message needs evidence of why it is " + reason.code());
      }
    }

    public static Quarantined of(QuarantineReason reason, String evidence) {
      return new Quarantined(reason, evidence);
    }

    @Override
    public OutcomeCode code() {
      return OutcomeCode.QUARANTINED;
    }

    @Override
    public String logLine() {
      return code().label() + " reason=" + reason.code() + " evidence=" + quote(evidence);
    }

    // Evidence can carry attacker-chosen text (a device id, a topic); a newline in it must not
    // start a forged log line, and a megabyte of it must not flood the log.
    private static String quote(String text) {
      StringBuilder out = new StringBuilder("\"");
      int limit = Math.min(text.length(), MAX_LOGGED_EVIDENCE);
      if (limit < text.length() && Character.isHighSurrogate(text.charAt(limit - 1))) {
        limit--; // do not cut a character in half
      }
      for (int i = 0; i < limit; i++) {
        char c = text.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (c < 0x20
            || c == 0x7f
            || (c >= 0x80 && c < 0xa0)
            || c == '\u2028'
            || c == '\u2029') {
          out.append(String.format("\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      if (text.length() > limit) {
        out.append("…(").append(text.length()).append(" chars)");
      }
      return out.append('"').toString();
    }
  }
}
