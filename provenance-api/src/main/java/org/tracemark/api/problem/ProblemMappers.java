package org.tracemark.api.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every exception that reaches the HTTP edge into one {@code application/problem+json}
 * response and one log line. This is the only place that maps errors to HTTP; resources throw
 * domain exceptions or JAX-RS ones and never build error bodies themselves. Stack traces are logged
 * for server errors only, and never sent to the client.
 */
public final class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

  @ServerExceptionMapper
  public Response malformedJson(JsonParseException e) {
    return clientError(
        Problem.of(
            ProblemType.MALFORMED_JSON,
            "The body is not well-formed JSON: "
                + e.getOriginalMessage()
                + location(e.getLocation()),
            newInstance()));
  }

  /** Declared for its own type: quarkus-rest-jackson has a built-in mapper for it. */
  @ServerExceptionMapper
  public Response mismatchedJson(MismatchedInputException e) {
    return invalidJson(e);
  }

  @ServerExceptionMapper
  public Response invalidJson(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
    return clientError(
        Problem.of(
            ProblemType.INVALID_REQUEST,
            (path.isEmpty() ? "" : "At '" + path + "': ") + e.getOriginalMessage(),
            newInstance()));
  }

  @ServerExceptionMapper
  public Response otherJson(JsonProcessingException e) {
    return clientError(
        Problem.of(ProblemType.MALFORMED_JSON, e.getOriginalMessage(), newInstance()));
  }

  @ServerExceptionMapper
  public Response validation(ConstraintViolationException e) {
    List<Problem.Violation> violations =
        e.getConstraintViolations().stream()
            .map(
                v -> new Problem.Violation(fieldOf(v.getPropertyPath().toString()), v.getMessage()))
            .sorted(java.util.Comparator.comparing(Problem.Violation::field))
            .toList();
    return clientError(
        Problem.of(
                ProblemType.VALIDATION_FAILED,
                violations.size() + " field(s) failed validation",
                newInstance())
            .withViolations(violations));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e, HttpServerRequest request) {
    int status = e.getResponse().getStatus();
    ProblemType type = ProblemType.forStatus(status);
    if (status >= 500) {
      return serverError(e);
    }
    // The JSON reader reports unreadable bodies as a 400 wrapping Jackson's exception.
    if (e.getCause() instanceof JsonParseException parse) {
      return malformedJson(parse);
    }
    if (e.getCause() instanceof JsonMappingException mapping) {
      return invalidJson(mapping);
    }
    if (e.getCause() instanceof JsonProcessingException other) {
      return otherJson(other);
    }
    // JAX-RS's own messages ("HTTP 404 Not Found") repeat the status; say what was asked instead.
    // (and RESTEasy's "Unable to find matching target resource method", when a class matched the
    // path but none of its methods did: the resolver at the root matches every path)
    String detail =
        e.getMessage() == null
                || e.getMessage().startsWith("HTTP ")
                || e.getMessage().startsWith("Unable to find matching target resource method")
            ? type.title() + ": " + request.method() + " " + request.path()
            : e.getMessage();
    Problem problem =
        new Problem(type.uri(), type.title(), status, detail, newInstance(), null, null);
    Response.ResponseBuilder response = Response.status(status);
    // Keep headers that carry protocol meaning, e.g. Allow on 405 and WWW-Authenticate on 401.
    e.getResponse()
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")
                  && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> response.header(name, v));
              }
            });
    LOG.infof("%d %s: %s [%s]", status, type.code(), detail, problem.instance());
    return response.type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  /** No or an invalid Bearer token on a protected resource. */
  @ServerExceptionMapper({
    io.quarkus.security.UnauthorizedException.class,
    io.quarkus.security.AuthenticationFailedException.class
  })
  public Response unauthenticated(RuntimeException e, HttpServerRequest request) {
    Problem problem =
        Problem.of(
            ProblemType.UNAUTHORIZED,
            request.method()
                + " "
                + request.path()
                + " needs a valid Bearer token (Authorization: Bearer <JWT>).",
            newInstance());
    LOG.infof("401 unauthorized: %s %s [%s]", request.method(), request.path(), problem.instance());
    return Response.status(401)
        .header("WWW-Authenticate", "Bearer")
        .type(Problem.MEDIA_TYPE)
        .entity(problem)
        .build();
  }

  /** Authenticated, but the token's roles do not allow this operation. */
  @ServerExceptionMapper
  public Response forbidden(io.quarkus.security.ForbiddenException e, HttpServerRequest request) {
    return clientError(
        Problem.of(
            ProblemType.FORBIDDEN,
            "The caller's roles do not allow " + request.method() + " " + request.path() + ".",
            newInstance()));
  }

  @ServerExceptionMapper
  public Response domain(ProblemException e) {
    Response response = clientError(e.problem(newInstance()));
    if (e.retryAfter().isPresent()) {
      // RFC 9110 §10.2.3: whole seconds, rounded up so that the client never comes back early.
      long seconds = Math.max(1, (e.retryAfter().get().toMillis() + 999) / 1000);
      return Response.fromResponse(response).header("Retry-After", seconds).build();
    }
    return response;
  }

  @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
  public Response unexpected(Throwable e) {
    if (isDatabaseUnavailable(e)) {
      Problem problem =
          Problem.of(
              ProblemType.SERVICE_UNAVAILABLE,
              "The database is not reachable right now; retry in a few seconds.",
              newInstance());
      LOG.warnf("503 service-unavailable: %s [%s]", rootMessage(e), problem.instance());
      return Response.status(503)
          .header("Retry-After", "5")
          .type(Problem.MEDIA_TYPE)
          .entity(problem)
          .build();
    }
    return serverError(e);
  }

  /**
   * A lost or refused database connection is an outage, not a bug: SQLState class 08 (connection
   * exception) or the pool giving up waiting for a connection.
   */
  static boolean isDatabaseUnavailable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException
          || t instanceof java.sql.SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof java.sql.SQLException sql) {
        String state = sql.getSQLState();
        String message = String.valueOf(sql.getMessage());
        if ((state != null && state.startsWith("08"))
            || message.startsWith("Acquisition timeout")) {
          return true;
        }
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  static Response clientError(Problem problem) {
    String code = problem.type().getPath().substring(problem.type().getPath().lastIndexOf('/') + 1);
    LOG.infof("%d %s: %s [%s]", problem.status(), code, problem.detail(), problem.instance());
    return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  private static Response serverError(Throwable e) {
    Problem problem =
        Problem.of(
            ProblemType.INTERNAL_ERROR,
            "The server failed to handle the request. Quote the instance URI when reporting it.",
            newInstance());
    LOG.errorf(e, "500 internal-error [%s]", problem.instance());
    return Response.status(500).type(Problem.MEDIA_TYPE).entity(problem).build();
  }

  static URI newInstance() {
    return URI.create("urn:uuid:" + UUID.randomUUID());
  }

  private static String location(com.fasterxml.jackson.core.JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  /**
   * "register.request.name" → "name": the method and parameter names mean nothing to a client, the
   * field inside the body does.
   */
  private static String fieldOf(String propertyPath) {
    String[] parts = propertyPath.split("\\.", 3);
    return parts[parts.length - 1];
  }
}
