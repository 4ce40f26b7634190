package org.tracemark.api.epcis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One EPCIS event of a capture, checked and taken apart for storage: the columns queries filter on,
 * the identifiers it names (by role), and its JSON as captured.
 *
 * @param eventId the event's own {@code eventID}, or its hash when it had none
 * @param hash the GS1 event hash, {@code ni:///sha-256;…?ver=CBV2.0}
 * @param bizStep bare CBV name where standard ({@link Vocabulary#bareBizStep})
 * @param disposition bare CBV name where standard
 * @param epcs every identifier the event names, canonical ({@link Vocabulary#canonicalEpc})
 * @param parties the ids of its {@code sourceList} and {@code destinationList}, as given
 * @param json the event's JSON as captured, with the document's {@code @context} when it had none
 */
public record CapturedEvent(
    String eventId,
    String hash,
    String type,
    Instant eventTime,
    Optional<String> action,
    Optional<String> bizStep,
    Optional<String> disposition,
    Optional<String> readPoint,
    Optional<String> bizLocation,
    List<Epc> epcs,
    List<String> destinations,
    String json) {

  /** An identifier and the part it plays in the event ({@code epc}, {@code parent}, …). */
  public record Epc(String role, String epc) {}
}
