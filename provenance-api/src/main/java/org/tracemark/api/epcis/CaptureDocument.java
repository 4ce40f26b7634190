package org.tracemark.api.epcis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tracemark.api.problem.Problem.Violation;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.epcis.EventHash;
import org.tracemark.epcis.JsonLdPrefixes;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.epc.EpcisIdentifier;

/**
 * Takes an EPCIS 2.0 capture apart: the events of an {@code EPCISDocument} (or one event), each
 * checked beyond what the JSON schema can say — an {@code eventTime} with an offset, GS1 keys with
 * valid check digits — and turned into a {@link CapturedEvent} with its GS1 event hash. Either
 * every event of the document is good or the whole capture fails with every violation listed.
 */
final class CaptureDocument {

  /** The most events one capture may hold. */
  static final int MAX_EVENTS = 10_000;

  /** The longest {@code eventID} we store. */
  static final int MAX_EVENT_ID = 2000;

  /** Where each identifier-bearing field puts its values, and the role they play. */
  private static final Map<String, String> EPC_LISTS =
      Map.of(
          "epcList", "epc",
          "childEPCs", "child",
          "inputEPCList", "input",
          "outputEPCList", "output");

  private static final Map<String, String> QUANTITY_LISTS =
      Map.of(
          "quantityList", "quantity",
          "childQuantityList", "child_quantity",
          "inputQuantityList", "input_quantity",
          "outputQuantityList", "output_quantity");

  private CaptureDocument() {}

  /**
   * The events of an EPCISDocument, in document order.
   *
   * @throws ProblemException {@code validation-failed} listing every violation found
   */
  static List<CapturedEvent> events(JsonNode document, ObjectMapper json) {
    JsonNode list = document.path("epcisBody").path("eventList");
    List<Violation> violations = new ArrayList<>();
    if (!list.isArray() || list.isEmpty()) {
      throw invalid(
          List.of(
              new Violation("/epcisBody/eventList", "an EPCISDocument holds 1 or more events")));
    }
    if (list.size() > MAX_EVENTS) {
      throw invalid(
          List.of(
              new Violation(
                  "/epcisBody/eventList",
                  list.size() + " events; a capture holds at most " + MAX_EVENTS)));
    }
    JsonLdPrefixes prefixes = JsonLdPrefixes.ofDocument(document);
    List<CapturedEvent> events = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      events.add(
          event(
              list.get(i),
              document.get("@context"),
              prefixes,
              "/epcisBody/eventList/" + i,
              violations,
              json));
    }
    if (!violations.isEmpty()) {
      throw invalid(violations);
    }
    return events;
  }

  /**
   * One event captured on its own ({@code POST /epcis/events}); its {@code @context}, if any, is
   * its own.
   */
  static CapturedEvent single(JsonNode event, ObjectMapper json) {
    List<Violation> violations = new ArrayList<>();
    JsonLdPrefixes prefixes = JsonLdPrefixes.ofDocument(event);
    CapturedEvent captured = event(event, null, prefixes, "", violations, json);
    if (!violations.isEmpty()) {
      throw invalid(violations);
    }
    return captured;
  }

  private static CapturedEvent event(
      JsonNode event,
      JsonNode documentContext,
      JsonLdPrefixes prefixes,
      String at,
      List<Violation> violations,
      ObjectMapper json) {
    int before = violations.size();
    String type = event.path("type").asText("");
    if (!SimpleEventQuery.EVENT_TYPES.contains(type)) {
      violations.add(
          new Violation(at + "/type", "an event's type is one of " + SimpleEventQuery.EVENT_TYPES));
    }
    Instant eventTime = Instant.EPOCH;
    try {
      eventTime = OffsetDateTime.parse(event.path("eventTime").asText("")).toInstant();
    } catch (DateTimeParseException e) {
      violations.add(
          new Violation(
              at + "/eventTime", "a date-time with an offset, e.g. 2026-03-01T08:00:00.000+08:00"));
    }
    Optional<String> eventId = text(event, "eventID");
    if (eventId.isPresent() && eventId.get().length() > MAX_EVENT_ID) {
      violations.add(new Violation(at + "/eventID", "at most " + MAX_EVENT_ID + " characters"));
    }

    Set<CapturedEvent.Epc> epcs = new LinkedHashSet<>();
    EPC_LISTS.forEach(
        (field, role) -> {
          JsonNode values = event.path(field);
          for (int i = 0; i < values.size(); i++) {
            identifier(values.get(i).asText(), role, at + "/" + field + "/" + i, epcs, violations);
          }
        });
    text(event, "parentID")
        .ifPresent(id -> identifier(id, "parent", at + "/parentID", epcs, violations));
    QUANTITY_LISTS.forEach(
        (field, role) -> {
          JsonNode values = event.path(field);
          for (int i = 0; i < values.size(); i++) {
            String where = at + "/" + field + "/" + i + "/epcClass";
            text(values.get(i), "epcClass")
                .ifPresent(id -> identifier(id, role, where, epcs, violations));
          }
        });
    Optional<String> readPoint = text(event.path("readPoint"), "id");
    Optional<String> bizLocation = text(event.path("bizLocation"), "id");
    readPoint.ifPresent(id -> checkGs1(id, at + "/readPoint/id", violations));
    bizLocation.ifPresent(id -> checkGs1(id, at + "/bizLocation/id", violations));
    List<String> destinations = new ArrayList<>();
    JsonNode destinationList = event.path("destinationList");
    for (int i = 0; i < destinationList.size(); i++) {
      String where = at + "/destinationList/" + i + "/destination";
      text(destinationList.get(i), "destination")
          .ifPresent(
              id -> {
                destinations.add(id);
                checkGs1(id, where, violations);
              });
    }
    if (violations.size() > before) {
      return null; // the capture fails; the caller throws with every violation
    }

    ObjectNode stored = event.deepCopy();
    if (documentContext != null && !stored.has("@context")) {
      // Keep the event readable on its own: its CURIEs mean what the document said they mean.
      ObjectNode withContext = json.createObjectNode();
      withContext.set("@context", documentContext);
      withContext.setAll(stored);
      stored = withContext;
    }
    String hash;
    try {
      hash = EventHash.of(event, prefixes);
    } catch (IllegalArgumentException e) {
      violations.add(new Violation(at, e.getMessage()));
      return null;
    }
    String text;
    try {
      text = json.writeValueAsString(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed event always serialises", e);
    }
    return new CapturedEvent(
        eventId.orElse(hash),
        hash,
        type,
        eventTime,
        text(event, "action"),
        text(event, "bizStep").map(Vocabulary::bareBizStep),
        text(event, "disposition").map(Vocabulary::bareDisposition),
        readPoint,
        bizLocation,
        List.copyOf(epcs),
        List.copyOf(destinations),
        text);
  }

  private static void identifier(
      String id, String role, String at, Set<CapturedEvent.Epc> epcs, List<Violation> violations) {
    if (checkGs1(id, at, violations)) {
      epcs.add(new CapturedEvent.Epc(role, Vocabulary.canonicalEpc(id)));
    }
  }

  /** A value that claims to be a GS1 key must be a valid one; false (and a violation) if not. */
  private static boolean checkGs1(String id, String at, List<Violation> violations) {
    if (!Vocabulary.claimsGs1(id)) {
      return true;
    }
    try {
      EpcisIdentifier.parse(id);
      return true;
    } catch (Gs1Exception e) {
      if (e.code() == Gs1Exception.Code.UNSUPPORTED) {
        return true; // a GS1 key we do not model (GDTI, GSRN, …): kept as given
      }
      violations.add(new Violation(at, e.getMessage()));
      return false;
    }
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private static ProblemException invalid(List<Violation> violations) {
    return new ProblemException(
        ProblemType.VALIDATION_FAILED,
        violations.size()
            + " violation(s) in the EPCIS capture; nothing was stored (capture is all or nothing)",
        violations);
  }
}
