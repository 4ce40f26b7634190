package org.tracemark.api.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.tracemark.api.auth.Caller;
import org.tracemark.api.problem.Problem.Violation;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;

/**
 * Capture, as both endpoints do it: validate against the EPCIS 2.0 JSON schema, take the events
 * apart and check them ({@link CaptureDocument}), check the caller may capture each one ({@link
 * CaptureScope}), store all of them in one transaction with their job, and wake the {@link
 * EventAnchorer}. Nothing is stored unless everything passes.
 */
@ApplicationScoped
public class EventCapture {

  private static final Logger LOG = Logger.getLogger(EventCapture.class);

  private final EpcisSchema schema;
  private final EventStore store;
  private final EventAnchorer anchorer;
  private final Caller caller;
  private final ObjectMapper json;

  public EventCapture(
      EpcisSchema schema,
      EventStore store,
      EventAnchorer anchorer,
      Caller caller,
      ObjectMapper json) {
    this.schema = schema;
    this.store = store;
    this.anchorer = anchorer;
    this.caller = caller;
    this.json = json;
  }

  /** Captures an EPCISDocument; the job lists the eventID of every event, in order. */
  public EventStore.CaptureJob document(JsonNode document) throws SQLException {
    schema.validateDocument(document);
    return store(CaptureDocument.events(document, json), "/epcisBody/eventList");
  }

  /** Captures one event. */
  public EventStore.CaptureJob single(JsonNode event) throws SQLException {
    schema.validateEvent(event);
    return store(List.of(CaptureDocument.single(event, json)), "");
  }

  private EventStore.CaptureJob store(List<CapturedEvent> events, String at) throws SQLException {
    UUID organisation = caller.requireOrganisation();
    Set<String> prefixes = store.companyPrefixes(organisation);
    List<Violation> outside = CaptureScope.outside(events, prefixes, at);
    if (!outside.isEmpty()) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          outside.size()
              + " event location(s) are not your organisation's; nothing was stored"
              + " (capture is all or nothing)",
          outside);
    }
    UUID job = UUID.randomUUID();
    // Milliseconds: the ledger entry carries the record time as rx, in ms.
    Instant recordTime = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    EventStore.CaptureJob stored =
        store.capture(job, organisation, caller.subject(), events, recordTime);
    anchorer.captured();
    LOG.infof(
        "capture %s by %s: %d events stored, %d already captured",
        job, caller.subject(), stored.eventCount(), stored.duplicateCount());
    return stored;
  }
}
