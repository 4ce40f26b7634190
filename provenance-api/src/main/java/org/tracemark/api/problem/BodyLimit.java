package org.tracemark.api.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Refuses an announced oversize body with a problem+json 413 before any of it is read. Without this
 * the HTTP layer answers such a request with an empty 413 that no client can explain.
 */
@ApplicationScoped
public class BodyLimit {

  private static final Logger LOG = Logger.getLogger(BodyLimit.class);

  private final long maxBytes;

  public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize max) {
    this.maxBytes = max.asLongValue();
  }

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
              if (length != null && isOver(length)) {
                Problem problem =
                    Problem.of(
                        ProblemType.PAYLOAD_TOO_LARGE,
                        "The body has " + length + " bytes; at most " + maxBytes + " are accepted.",
                        ProblemMappers.newInstance());
                LOG.infof(
                    "413 payload-too-large: %s %s with %s bytes [%s]",
                    ctx.request().method(), ctx.request().path(), length, problem.instance());
                ctx.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(Json.encode(problem));
              } else {
                ctx.next();
              }
            });
  }

  private boolean isOver(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > maxBytes;
    } catch (NumberFormatException e) {
      return false; // a malformed header is the HTTP layer's to reject
    }
  }
}
