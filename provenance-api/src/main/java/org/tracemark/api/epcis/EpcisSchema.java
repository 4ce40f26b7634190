package org.tracemark.api.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.tracemark.api.problem.Problem.Violation;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.api.readings.ReadingEvents;

/**
 * GS1's official EPCIS 2.0 JSON schema ({@code epcis/EPCIS-JSON-Schema.json}, draft-07), checked
 * with the networknt validator. The schema asks every document and standalone event for a JSON-LD
 * {@code @context}; plain JSON (no {@code @context}) is read as if it named the standard EPCIS 2.0
 * context, so that clients of the JSON binding need not know JSON-LD.
 */
@ApplicationScoped
public class EpcisSchema {

  /** At most this many schema errors are listed in a response. */
  static final int MAX_LISTED = 100;

  private final Schema schema;

  public EpcisSchema() {
    try (InputStream in = EpcisSchema.class.getResourceAsStream("/epcis/EPCIS-JSON-Schema.json")) {
      if (in == null) {
        throw new IllegalStateException("epcis/EPCIS-JSON-Schema.json is not on the classpath");
      }
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the EPCIS JSON schema", e);
    }
  }

  /**
   * Checks an EPCISDocument.
   *
   * @throws ProblemException {@code validation-failed} listing the schema errors by JSON pointer
   */
  public void validateDocument(JsonNode document) {
    if (!document.isObject() || !"EPCISDocument".equals(document.path("type").asText())) {
      throw failed(
          List.of(
              new Violation(
                  "/type", "a capture is an EPCISDocument (\"type\": \"EPCISDocument\")")));
    }
    validate(document);
  }

  /** Checks one event (POST /epcis/events). */
  public void validateEvent(JsonNode event) {
    if (!event.isObject() || !SimpleEventQuery.EVENT_TYPES.contains(event.path("type").asText())) {
      throw failed(
          List.of(
              new Violation("/type", "an event's type is one of " + SimpleEventQuery.EVENT_TYPES)));
    }
    validate(event);
  }

  private void validate(JsonNode node) {
    JsonNode checked = node;
    if (!node.has("@context")) {
      ObjectNode withContext = ((ObjectNode) node).deepCopy();
      withContext.put("@context", ReadingEvents.EPCIS_CONTEXT);
      checked = withContext;
    }
    List<Error> errors = schema.validate(checked);
    if (!errors.isEmpty()) {
      throw failed(
          errors.stream()
              .limit(MAX_LISTED)
              .map(e -> new Violation(pointer(e), e.getMessage()))
              .distinct()
              .toList());
    }
  }

  private static String pointer(Error error) {
    String path = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
    return path.startsWith("$") ? path.substring(1) : path;
  }

  private static ProblemException failed(List<Violation> violations) {
    return new ProblemException(
        ProblemType.VALIDATION_FAILED,
        violations.size()
            + " violation(s) of the EPCIS 2.0 JSON schema; nothing was stored (capture is all or"
            + " nothing)",
        violations);
  }
}
