package org.tracemark.api.epcis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.tracemark.api.epcis.EventStore.StoredEvent;
import org.tracemark.api.readings.ReadingEvents;

/**
 * A captured event as the query interface returns it: the JSON as captured, plus what the
 * repository adds (EPCIS 2.0 §8.2.2): its {@code eventID} when it came without one (its GS1 event
 * hash), its {@code recordTime}, and, once anchored, {@code tracemark:ledgerIndex}.
 */
final class EventView {

  private EventView() {}

  static ObjectNode of(StoredEvent event, ObjectMapper json) {
    ObjectNode node;
    try {
      node = (ObjectNode) json.readTree(event.json());
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("stored event " + event.seq() + " is not a JSON object", e);
    }
    if (!node.has("eventID")) {
      node.put("eventID", event.eventId());
    }
    node.put("recordTime", ReadingEvents.time(event.recordTime()));
    event.ledgerIndex().ifPresent(index -> node.put("tracemark:ledgerIndex", index));
    return node;
  }
}
