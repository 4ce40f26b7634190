package org.tracemark.edge.sensor.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A scenario file with one thing wrong is refused with an error naming the file, the field and the
 * problem. Each case edits one field of the shipped grain scenario.
 */
class ScenarioFileErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static Stream<Arguments> oneThingWrong() {
    return Stream.of(
        bad("missing top-level field", root -> root.remove("start"), "start", "missing"),
        bad(
            "missing device field",
            root -> device(root, 1).remove("interval"),
            "devices[1].interval",
            "missing"),
        bad(
            "wrong type",
            root -> leg(root, 1).put("speedKmh", "fast"),
            "legs[1].speedKmh",
            "expected a number, got text \"fast\""),
        bad(
            "bad GTIN check digit in a scan",
            root -> scan(root, 0).put("epc", "(01)09520123456789(10)WH25-NUN-0117"),
            "scans[0].epc",
            "bad-check-digit"),
        bad(
            "bad SSCC check digit in a logger's obj",
            root -> ((ArrayNode) device(root, 1).get("obj")).set(0, "(00)095201230000001170"),
            "devices[1].obj[0]",
            "bad-check-digit"),
        bad(
            "bad GLN check digit",
            root -> location(root, 0).put("gln", "9520123000012"),
            "locations[0].gln",
            "bad-check-digit"),
        bad(
            "GLN of an unknown company",
            root -> location(root, 0).put("gln", "9529999000019"),
            "locations[0].gln",
            "no entry of companyPrefixes"),
        bad(
            "bad GSIN check digit",
            root -> ((ObjectNode) root.get("declarations").get(0)).put("gsin", "95210010000025110"),
            "declarations[0].gsin",
            "bad-check-digit"),
        bad(
            "unknown device",
            root -> scan(root, 0).put("device", "nobody"),
            "scans[0].device",
            "no device \"nobody\""),
        bad(
            "logger used as a scanner",
            root -> scan(root, 0).put("device", "truck-tracker"),
            "scans[0].device",
            "is a logger, not a scanner"),
        bad(
            "not a CBV step",
            root -> scan(root, 0).put("biz", "reaping"),
            "scans[0].biz",
            "not a CBV business step"),
        bad(
            "implausible ship speed",
            root -> leg(root, 5).put("speedKn", 60),
            "legs[5].speedKn",
            "not plausible for ship"),
        bad(
            "a leg that starts where the goods are not",
            root -> leg(root, 3).put("from", "kwinana-terminal"),
            "legs[3].from",
            "the goods are at \"merredin-receival\""),
        bad(
            "a train too slow for its timetable",
            root -> leg(root, 3).put("speedKmh", 20),
            "legs[3]",
            "after legs[4] starts at P12DT12H"),
        bad(
            "a typo in a field name",
            root -> leg(root, 1).set("sped", leg(root, 1).get("speedKmh")),
            "legs[1].sped",
            "unknown field"),
        bad(
            "an offset that is not a duration",
            root -> leg(root, 2).put("start", "9 hours"),
            "legs[2].start",
            "ISO-8601 duration"),
        bad(
            "latitude out of range",
            root -> location(root, 1).put("lat", -131.479),
            "locations[1].lat",
            "outside -90.0..90.0"),
        bad(
            "a fault on a device without the sensor",
            root -> fault(root, 1).put("device", "mill-scanner"),
            "faults[1].device",
            "has no humidity sensor"),
        bad(
            "a detour too short to drive",
            root -> fault(root, 0).put("duration", "PT10M"),
            "faults[0]",
            "does not fit"),
        bad(
            "a claim about a measurement the device lacks",
            root -> ((ObjectNode) fault(root, 1).get("expect")).put("measurement", "shock"),
            "faults[1].expect.measurement",
            "does not report shock"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneThingWrong")
  void namesFileFieldAndProblem(
      String what, Consumer<ObjectNode> edit, String field, String problem) throws Exception {
    ObjectNode root = grain();
    edit.accept(root);
    Path file = dir.resolve("grain-edited.json");
    Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));

    assertThatThrownBy(() -> Scenario.load(file))
        .isInstanceOfSatisfying(
            ScenarioException.class,
            e -> {
              assertThat(e.file()).isEqualTo(file.toString());
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.problem()).contains(problem);
              assertThat(e.getMessage()).startsWith(file + ": " + field + ": ");
            });
  }

  @Test
  void theUneditedFileLoads() throws Exception {
    Path file = dir.resolve("grain.json");
    Files.writeString(file, JSON.writeValueAsString(grain()));
    assertThat(Scenario.load(file.toString()).name()).isEqualTo("grain");
  }

  @Test
  void brokenJsonIsReportedWithLineAndColumn() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\n  \"format\": \"tracemark-scenario/1\",\n  \"name\": grain\n}\n");
    assertThatThrownBy(() -> Scenario.load(file))
        .isInstanceOfSatisfying(
            ScenarioException.class,
            e -> {
              assertThat(e.field()).startsWith("line 3, column ");
              assertThat(e.problem()).startsWith("not valid JSON");
            });
  }

  @Test
  void anUnknownNameIsNeitherBuiltInNorAFile() {
    assertThatThrownBy(() -> Scenario.load("fsh"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("fsh")
        .hasMessageContaining("[grain, fish, import]");
  }

  private static Arguments bad(
      String what, Consumer<ObjectNode> edit, String field, String problem) {
    return Arguments.of(what, edit, field, problem);
  }

  private static ObjectNode grain() throws Exception {
    try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/grain.json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  private static ObjectNode at(ObjectNode root, String array, int i) {
    return (ObjectNode) root.get(array).get(i);
  }

  private static ObjectNode leg(ObjectNode root, int i) {
    return at(root, "legs", i);
  }

  private static ObjectNode device(ObjectNode root, int i) {
    return at(root, "devices", i);
  }

  private static ObjectNode scan(ObjectNode root, int i) {
    return at(root, "scans", i);
  }

  private static ObjectNode location(ObjectNode root, int i) {
    return at(root, "locations", i);
  }

  private static ObjectNode fault(ObjectNode root, int i) {
    return at(root, "faults", i);
  }
}
