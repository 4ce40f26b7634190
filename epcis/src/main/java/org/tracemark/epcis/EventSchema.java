package org.tracemark.epcis;

import static org.tracemark.epcis.Rule.Field.text;
import static org.tracemark.epcis.Rule.Field.time;
import static org.tracemark.epcis.Rule.Field.vocabulary;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tracemark.epcis.CbvVocabulary.Term;
import org.tracemark.epcis.Rule.Field;
import org.tracemark.epcis.Rule.Items;
import org.tracemark.epcis.Rule.Scalar;
import org.tracemark.epcis.Rule.Struct;

/**
 * The canonical property order of CBV 2.0 event hash rule 1, for all five event types, as the
 * published test vectors (and the reference implementation that made them) apply it.
 *
 * <p>Two points differ from the table in the reference implementation's README, and the vectors
 * follow the code, so this does too:
 *
 * <ul>
 *   <li>{@code certificationInfo} and {@code parentID} come right after {@code
 *       eventTimeZoneOffset}, before {@code epcList};
 *   <li>{@code bizTransactionList}, {@code sourceList}, {@code destinationList} and {@code ilmd}
 *       have no fixed place: they are sorted, as whole strings, together with the user extensions
 *       after {@code sensorElementList} (so {@code destinationList} precedes {@code sourceList}).
 *       Inside each of their items the {@code type} comes first, then the identifier (README rule
 *       13 puts the type after it), and the items are sorted.
 * </ul>
 */
final class EventSchema {

  private EventSchema() {}

  /** Never in the pre-hash: identity and bookkeeping of the record, not the event. */
  static final Set<String> EXCLUDED = Set.of("type", "eventID", "recordTime", "errorDeclaration");

  private static final Items EPCS = new Items("epc", Scalar.TEXT);

  private static final Items QUANTITIES =
      new Items("quantityElement", Struct.of(text("epcClass"), text("quantity"), text("uom")));

  private static final Struct LOCATION = Struct.of(text("id"));

  private static final Struct SENSOR_METADATA =
      Struct.of(
          time("time"),
          time("startTime"),
          time("endTime"),
          text("deviceID"),
          text("deviceMetadata"),
          text("rawData"),
          text("dataProcessingMethod"),
          text("bizRules"));

  private static final Struct SENSOR_REPORT =
      Struct.of(
          vocabulary("type", Term.GS1_VOC),
          vocabulary("exception", Term.GS1_VOC),
          text("deviceID"),
          text("deviceMetadata"),
          text("rawData"),
          text("dataProcessingMethod"),
          time("time"),
          text("microorganism"),
          text("chemicalSubstance"),
          text("value"),
          vocabulary("component", Term.COMPONENT),
          text("stringValue"),
          text("booleanValue"),
          text("hexBinaryValue"),
          text("uriValue"),
          text("minValue"),
          text("maxValue"),
          text("meanValue"),
          text("sDev"),
          text("percRank"),
          text("percValue"),
          text("uom"),
          text("coordinateReferenceSystem"));

  private static final Items SENSOR_ELEMENTS =
      new Items(
          "sensorElement",
          Struct.of(
              new Field("sensorMetadata", SENSOR_METADATA),
              new Field("sensorReport", SENSOR_REPORT)));

  private static Items typed(String name, Term type) {
    return new Items("", Struct.of(vocabulary("type", type), text(name)));
  }

  /** The event, below its {@code eventType} (which {@link PreHashWriter} writes first). */
  static final Struct EVENT =
      new Struct(
          List.of(
              time("eventTime"),
              text("eventTimeZoneOffset"),
              text("certificationInfo"),
              text("parentID"),
              new Field("epcList", EPCS),
              new Field("inputEPCList", EPCS),
              new Field("childEPCs", EPCS),
              new Field("quantityList", QUANTITIES),
              new Field("childQuantityList", QUANTITIES),
              new Field("inputQuantityList", QUANTITIES),
              new Field("outputEPCList", EPCS),
              new Field("outputQuantityList", QUANTITIES),
              text("action"),
              text("transformationID"),
              vocabulary("bizStep", Term.BIZ_STEP),
              vocabulary("disposition", Term.DISPOSITION),
              new Field(
                  "persistentDisposition",
                  Struct.of(
                      vocabulary("set", Term.DISPOSITION), vocabulary("unset", Term.DISPOSITION))),
              new Field("readPoint", LOCATION),
              new Field("bizLocation", LOCATION),
              new Field("sensorElementList", SENSOR_ELEMENTS)),
          Map.of(
              "bizTransactionList", typed("bizTransaction", Term.BIZ_TRANSACTION_TYPE),
              "sourceList", typed("source", Term.SOURCE_DESTINATION_TYPE),
              "destinationList", typed("destination", Term.SOURCE_DESTINATION_TYPE),
              "ilmd", Struct.GENERIC),
          EXCLUDED);
}
