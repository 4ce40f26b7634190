package org.tracemark.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error response. {@code instance} names this
 * occurrence, so that a user can quote it and an operator can find the one log line about it.
 *
 * @param violations for {@code validation-failed}: which field was wrong and why
 * @param code for domain errors (e.g. GS1): the library's stable error code
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    URI type,
    String title,
    int status,
    String detail,
    URI instance,
    String code,
    List<Violation> violations) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** One failed constraint: where, and what was wrong. */
  public record Violation(String field, String message) {}

  /**
   * A client's text as a detail may quote it: at most {@code max} characters (then "…"), control
   * characters as "?", so that a hostile value can neither flood a response or log line nor forge
   * one.
   */
  public static String echo(String text, int max) {
    if (text == null) {
      return "null";
    }
    String shown = text.length() <= max ? text : text.substring(0, max) + "…";
    return shown.replaceAll("\\p{Cntrl}", "?");
  }

  public static Problem of(ProblemType type, String detail, URI instance) {
    return new Problem(type.uri(), type.title(), type.status(), detail, instance, null, null);
  }

  public Problem withCode(String code) {
    return new Problem(type, title, status, detail, instance, code, violations);
  }

  public Problem withViolations(List<Violation> violations) {
    return new Problem(type, title, status, detail, instance, code, violations);
  }
}
