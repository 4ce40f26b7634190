package org.tracemark.api.epcis;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.api.readings.PageKey;

/**
 * The parameters of an EPCIS 2.0 SimpleEventQuery as the REST binding passes them ({@code GET
 * /epcis/events?…}), parsed and checked once, so that both event sources (projected readings and
 * captured events) are queried with the same typed values and the same errors reach the client.
 *
 * <p>List parameters take several values separated by {@code |} (the binding's {@code
 * pipeDelimited} style) or repeated. EPC pattern URIs ({@code urn:epc:idpat:…}) are not expanded
 * yet.
 *
 * @param eventTypes {@code eventType}: empty means every type
 * @param bizSteps {@code EQ_bizStep}, each reduced to its bare CBV 2.0 name ({@code shipping})
 * @param dispositions {@code EQ_disposition}, bare CBV names likewise
 * @param matchEpc {@code MATCH_epc}: epcList or childEPCs; every MATCH_ value is compared in its
 *     canonical form ({@link Vocabulary#canonicalEpc}), so a URN finds a Digital Link and back
 * @param perPage 1..{@link #MAX_PER_PAGE}, default {@link #DEFAULT_PER_PAGE}
 * @param after {@code nextPageToken}: the last event of the previous page
 */
public record SimpleEventQuery(
    Set<String> eventTypes,
    Optional<Instant> geEventTime,
    Optional<Instant> ltEventTime,
    Optional<Instant> geRecordTime,
    Optional<Instant> ltRecordTime,
    List<String> actions,
    List<String> matchEpc,
    List<String> matchAnyEpc,
    List<String> matchParentId,
    List<String> matchInputEpc,
    List<String> matchOutputEpc,
    List<String> matchEpcClass,
    List<String> bizSteps,
    List<String> dispositions,
    List<String> readPoints,
    List<String> bizLocations,
    List<String> eventIds,
    int perPage,
    Optional<PageKey> after) {

  /** The REST binding's default page size. */
  public static final int DEFAULT_PER_PAGE = 30;

  /** Our upper limit for {@code perPage} (the binding lets servers set one). */
  public static final int MAX_PER_PAGE = 1000;

  /** The EPCIS exception name a client of the standard expects for a bad parameter. */
  public static final String QUERY_PARAMETER_EXCEPTION = "QueryParameterException";

  static final Set<String> EVENT_TYPES =
      Set.of(
          "ObjectEvent",
          "AggregationEvent",
          "TransactionEvent",
          "TransformationEvent",
          "AssociationEvent");

  static final Set<String> SUPPORTED =
      Set.of(
          "eventType",
          "GE_eventTime",
          "LT_eventTime",
          "GE_recordTime",
          "LT_recordTime",
          "EQ_action",
          "MATCH_epc",
          "MATCH_anyEPC",
          "MATCH_parentID",
          "MATCH_inputEPC",
          "MATCH_outputEPC",
          "MATCH_epcClass",
          "EQ_bizStep",
          "EQ_disposition",
          "EQ_readPoint",
          "EQ_bizLocation",
          "EQ_eventID",
          "perPage",
          "nextPageToken");

  private static final Set<String> ACTIONS = Set.of("ADD", "OBSERVE", "DELETE");

  /**
   * Parses query parameters.
   *
   * @throws ProblemException {@code invalid-query} (400, code {@value #QUERY_PARAMETER_EXCEPTION})
   *     naming the parameter and what is wrong with it
   */
  public static SimpleEventQuery parse(Map<String, List<String>> parameters) {
    for (String name : parameters.keySet()) {
      if (!SUPPORTED.contains(name)) {
        throw invalid(
            "\""
                + Problem.echo(name, 60)
                + "\" is not a query parameter this server supports; supported: "
                + String.join(", ", new java.util.TreeSet<>(SUPPORTED))
                + ".");
      }
    }
    Set<String> eventTypes = new LinkedHashSet<>(list(parameters, "eventType"));
    for (String type : eventTypes) {
      if (!EVENT_TYPES.contains(type)) {
        throw invalid(
            "eventType \"" + Problem.echo(type, 60) + "\" is not an EPCIS 2.0 event type.");
      }
    }
    Optional<Instant> ge = time(parameters, "GE_eventTime");
    Optional<Instant> lt = time(parameters, "LT_eventTime");
    List<String> bizSteps =
        list(parameters, "EQ_bizStep").stream().map(Vocabulary::bareBizStep).toList();
    List<String> dispositions =
        list(parameters, "EQ_disposition").stream().map(Vocabulary::bareDisposition).toList();
    List<String> actions = list(parameters, "EQ_action");
    for (String action : actions) {
      if (!ACTIONS.contains(action)) {
        throw invalid(
            "EQ_action \"" + Problem.echo(action, 60) + "\" is not ADD, OBSERVE or DELETE.");
      }
    }
    int perPage = DEFAULT_PER_PAGE;
    Optional<String> perPageText = single(parameters, "perPage");
    if (perPageText.isPresent()) {
      try {
        perPage = Integer.parseInt(perPageText.get());
      } catch (NumberFormatException e) {
        throw invalid(
            "perPage must be a whole number, not \"" + Problem.echo(perPageText.get(), 60) + "\".");
      }
      if (perPage < 1 || perPage > MAX_PER_PAGE) {
        throw invalid("perPage must be 1 to " + MAX_PER_PAGE + ", not " + perPage + ".");
      }
    }
    Optional<PageKey> after = Optional.empty();
    Optional<String> token = single(parameters, "nextPageToken");
    if (token.isPresent()) {
      after = PageKey.parse(token.get());
      if (after.isEmpty()) {
        throw invalid("nextPageToken is not a token this server issued.");
      }
    }
    return new SimpleEventQuery(
        Set.copyOf(eventTypes),
        ge,
        lt,
        time(parameters, "GE_recordTime"),
        time(parameters, "LT_recordTime"),
        actions,
        list(parameters, "MATCH_epc"),
        list(parameters, "MATCH_anyEPC"),
        list(parameters, "MATCH_parentID"),
        list(parameters, "MATCH_inputEPC"),
        list(parameters, "MATCH_outputEPC"),
        list(parameters, "MATCH_epcClass"),
        bizSteps,
        dispositions,
        list(parameters, "EQ_readPoint"),
        list(parameters, "EQ_bizLocation"),
        list(parameters, "EQ_eventID"),
        perPage,
        after);
  }

  /**
   * Whether a projected reading (an OBSERVE ObjectEvent with an epcList, a readPoint and no eventID
   * of its own) can satisfy every parameter given.
   */
  public boolean readingsCanMatch() {
    return matchParentId.isEmpty()
        && matchInputEpc.isEmpty()
        && matchOutputEpc.isEmpty()
        && matchEpcClass.isEmpty()
        && dispositions.isEmpty()
        && bizLocations.isEmpty()
        && eventIds.isEmpty()
        && (actions.isEmpty() || actions.contains("OBSERVE"));
  }

  /** Whether events of {@code type} can match at all. */
  public boolean includesType(String type) {
    return eventTypes.isEmpty() || eventTypes.contains(type);
  }

  private static List<String> list(Map<String, List<String>> parameters, String name) {
    List<String> values = new ArrayList<>();
    for (String value : parameters.getOrDefault(name, List.of())) {
      for (String part : value.split("\\|", -1)) {
        if (part.isEmpty()) {
          throw invalid(name + " has an empty value.");
        }
        values.add(part);
      }
    }
    return List.copyOf(values);
  }

  private static Optional<String> single(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.getOrDefault(name, List.of());
    if (values.size() > 1) {
      throw invalid(name + " is given " + values.size() + " times; give it once.");
    }
    return values.stream().findFirst();
  }

  private static Optional<Instant> time(Map<String, List<String>> parameters, String name) {
    Optional<String> value = single(parameters, name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      // EPCIS times carry an offset (2022-06-30T00:15:47.000-05:00 or …Z).
      return Optional.of(OffsetDateTime.parse(value.get()).toInstant());
    } catch (DateTimeParseException e) {
      throw invalid(
          name
              + " must be a date-time with an offset such as 2026-11-25T10:00:00.000+01:00, not \""
              + Problem.echo(value.get(), 60)
              + "\".");
    }
  }

  private static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_QUERY, detail, QUERY_PARAMETER_EXCEPTION, null);
  }
}
