package org.tracemark.api.problem;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A domain error that resources throw when a request cannot be served; {@link ProblemMappers} turns
 * it into a response. The detail must say what was wrong with which value.
 */
public class ProblemException extends RuntimeException {

  private final ProblemType type;
  private final String code;
  private final List<Problem.Violation> violations;
  private final Duration retryAfter;

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, null, null);
  }

  public ProblemException(ProblemType type, String detail, String code, Throwable cause) {
    super(detail, cause);
    this.type = type;
    this.code = code;
    this.violations = null;
    this.retryAfter = null;
  }

  /** A problem with a list of what was wrong where (e.g. every schema error of a document). */
  public ProblemException(ProblemType type, String detail, List<Problem.Violation> violations) {
    super(detail);
    this.type = type;
    this.code = null;
    this.violations = List.copyOf(violations);
    this.retryAfter = null;
  }

  /** {@code too-many-requests}: the response says when to come back ({@code Retry-After}). */
  public ProblemException(String detail, Duration retryAfter) {
    super(detail);
    this.type = ProblemType.TOO_MANY_REQUESTS;
    this.code = null;
    this.violations = null;
    this.retryAfter = retryAfter;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public ProblemType type() {
    return type;
  }

  Problem problem(URI instance) {
    Problem problem = Problem.of(type, getMessage(), instance);
    if (violations != null) {
      problem = problem.withViolations(violations);
    }
    return code == null ? problem : problem.withCode(code);
  }
}
