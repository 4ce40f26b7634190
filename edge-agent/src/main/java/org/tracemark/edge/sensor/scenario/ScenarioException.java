package org.tracemark.edge.sensor.scenario;

/**
 * A scenario file that cannot be used, with the evidence to fix it: which file, which field (a path
 * such as {@code legs[3].speedKn}, empty for the file as a whole) and what is wrong with it.
 */
public final class ScenarioException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final String field;
  private final String problem;

  public ScenarioException(String file, String field, String problem) {
    this(file, field, problem, null);
  }

  public ScenarioException(String file, String field, String problem, Throwable cause) {
    super(file + (field.isEmpty() ? "" : ": " + field) + ": " + problem, cause);
    this.file = file;
    this.field = field;
    this.problem = problem;
  }

  /** The file, as given to the loader (a path, or {@code fish.json} for a built-in one). */
  public String file() {
    return file;
  }

  /** The field, e.g. {@code devices[0].sensors.temperature.setpoint}; empty for the whole file. */
  public String field() {
    return field;
  }

  /** What is wrong, e.g. {@code expected a number, got "cold"}. */
  public String problem() {
    return problem;
  }
}
