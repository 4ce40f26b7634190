package org.tracemark.api.problem;

import java.net.URI;

/**
 * A domain error that resources throw when a request cannot be served; {@link ProblemMappers} turns
 * it into a response. The detail must say what was wrong with which value.
 */
public class ProblemException extends RuntimeException {

  private final ProblemType type;
  private final String code;

  public ProblemException(ProblemType type, String detail) {
    this(type, detail, null, null);
  }

  public ProblemException(ProblemType type, String detail, String code, Throwable cause) {
    super(detail, cause);
    this.type = type;
    this.code = code;
  }

  public ProblemType type() {
    return type;
  }

  Problem problem(URI instance) {
    Problem problem = Problem.of(type, getMessage(), instance);
    return code == null ? problem : problem.withCode(code);
  }
}
