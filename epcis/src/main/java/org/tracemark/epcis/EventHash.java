package org.tracemark.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The CBV 2.0 "EPCIS Event Hash ID" of an EPCIS 2.0 event in JSON / JSON-LD: {@code
 * ni:///sha-256;<lowercase hex>?ver=CBV2.0} (RFC 6920), the SHA-256 of the event's canonical
 * pre-hash string in UTF-8.
 *
 * <pre>{@code
 * JsonNode document = new ObjectMapper().readTree(json);
 * JsonLdPrefixes prefixes = JsonLdPrefixes.ofDocument(document);
 * for (JsonNode event : document.path("epcisBody").path("eventList")) {
 *   String id = EventHash.of(event, prefixes);   // ni:///sha-256;6ae963...?ver=CBV2.0
 * }
 * }</pre>
 *
 * <p>The pre-hash string follows the CBV 2.0 rules as the published test vectors apply them (see
 * {@link EventSchema} for the canonical property order). Left out: {@code eventID}, {@code
 * recordTime}, {@code errorDeclaration}, comments ({@code rdfs:comment}, {@code comment}), JSON-LD
 * keywords ({@code @context}, ...) and JSON nulls.
 *
 * <p>Any JSON is accepted: the only exception is {@link IllegalArgumentException}, for an event
 * that is not an object, has no {@code type}, or nests deeper than {@value PreHashWriter#MAX_DEPTH}
 * levels. Values that cannot be canonicalised (a timestamp without zone, an identifier that is not
 * a GS1 key) are written as they are.
 */
public final class EventHash {

  /** The version suffix of the {@code ni:} URI: this is the CBV 2.0 algorithm. */
  public static final String VERSION = "CBV2.0";

  private EventHash() {}

  /** The event's hash, "ni:///sha-256;<hex>?ver=CBV2.0". */
  public static String of(JsonNode event, JsonLdPrefixes prefixes) {
    return of(event, prefixes, List.of());
  }

  /**
   * The event's hash, leaving out top-level fields a repository adds to events it stores and agrees
   * to exclude, such as a stored copy of the hash itself. Names are compared after CURIE expansion,
   * so {@code repository-x:hash} matches whichever prefix the event uses for it.
   */
  public static String of(
      JsonNode event, JsonLdPrefixes prefixes, Collection<String> ignoredFields) {
    return ni(preHash(event, prefixes, ignoredFields));
  }

  /** The canonical pre-hash string (for diagnosis and tests). */
  public static String preHash(JsonNode event, JsonLdPrefixes prefixes) {
    return preHash(event, prefixes, List.of());
  }

  /** The canonical pre-hash string, without {@code ignoredFields} (see above). */
  public static String preHash(
      JsonNode event, JsonLdPrefixes prefixes, Collection<String> ignoredFields) {
    Objects.requireNonNull(prefixes, "prefixes");
    Objects.requireNonNull(ignoredFields, "ignoredFields");
    return new PreHashWriter(prefixes, ignoredFields).write(event);
  }

  /** Rule 22: the SHA-256 of a pre-hash string as an RFC 6920 {@code ni:} URI. */
  static String ni(String preHash) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(preHash.getBytes(StandardCharsets.UTF_8));
      return "ni:///sha-256;" + HexFormat.of().formatHex(digest) + "?ver=" + VERSION;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
