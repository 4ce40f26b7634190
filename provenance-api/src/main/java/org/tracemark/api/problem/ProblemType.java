package org.tracemark.api.problem;

import java.net.URI;

/**
 * The stable problem types of the HTTP API (RFC 9457). Clients branch on {@link #uri()}, never on
 * the human-readable title or detail, so a type, once published, keeps its URI and meaning. The
 * catalogue is documented in docs/contracts/problems.md.
 */
public enum ProblemType {
  MALFORMED_JSON("malformed-json", 400, "The request body is not well-formed JSON"),
  INVALID_REQUEST("invalid-request", 400, "The request is well-formed but has wrong values"),
  VALIDATION_FAILED("validation-failed", 400, "The request failed validation"),
  INVALID_GS1("invalid-gs1", 400, "The GS1 data is not valid"),
  INVALID_CSR("invalid-csr", 400, "The certificate signing request is not acceptable"),
  INVALID_QUERY("invalid-query", 400, "The query parameters are not acceptable"),
  UNAUTHORIZED("unauthorized", 401, "Authentication is required"),
  FORBIDDEN("forbidden", 403, "Not allowed for the caller"),
  NOT_FOUND("not-found", 404, "No such resource"),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed on this resource"),
  NOT_ACCEPTABLE("not-acceptable", 406, "No acceptable representation"),
  CONFLICT("conflict", 409, "The request conflicts with the current state"),
  PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request body is too large"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported request media type"),
  TOO_MANY_REQUESTS("too-many-requests", 429, "Too many requests; slow down"),
  SERVICE_UNAVAILABLE("service-unavailable", 503, "A service the request needs is unavailable"),
  INTERNAL_ERROR("internal-error", 500, "Internal error");

  public static final String BASE = "https://tracemark.org/problems/";

  private final String code;
  private final int status;
  private final String title;

  ProblemType(String code, int status, String title) {
    this.code = code;
    this.status = status;
    this.title = title;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public URI uri() {
    return URI.create(BASE + code);
  }

  /** The type for a bare HTTP status that no more specific mapping claimed. */
  public static ProblemType forStatus(int status) {
    for (ProblemType type : values()) {
      if (type.status == status
          && type != INVALID_REQUEST
          && type != VALIDATION_FAILED
          && type != MALFORMED_JSON
          && type != INVALID_GS1
          && type != INVALID_CSR
          && type != INVALID_QUERY) {
        return type;
      }
    }
    return status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
  }
}
