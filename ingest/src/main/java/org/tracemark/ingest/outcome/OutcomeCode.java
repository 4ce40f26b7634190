package org.tracemark.ingest.outcome;

/**
 * The three outcomes every message gets (DESIGN §2), as stable codes.
 *
 * <p>Java 17 has no pattern matching over sealed types in {@code switch}, but a {@code switch}
 * expression over this enum is checked for exhaustiveness; {@link IngestOutcome#code()} gives
 * callers that.
 */
public enum OutcomeCode {
  ACCEPTED("accepted"),
  DUPLICATE("duplicate"),
  QUARANTINED("quarantined");

  private final String label;

  OutcomeCode(String label) {
    this.label = label;
  }

  /** The metric label and log word, e.g. {@code quarantined}. Stable: dashboards key on it. */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }
}
