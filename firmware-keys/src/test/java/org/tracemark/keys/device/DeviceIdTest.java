package org.tracemark.keys.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class DeviceIdTest {

  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

  @Test
  void acceptsTypicalIds() {
    for (String id : List.of("a", "7", "silo-7", "scanner_03.dock-B", "A".repeat(64), "0.0.0")) {
      assertThat(DeviceId.of(id).value()).isEqualTo(id);
      assertThat(DeviceId.isValid(id)).isTrue();
    }
  }

  @Test
  void rejectsIdsThatWouldBreakATopicAUrnOrAPath() {
    List<String> rejected =
        List.of(
            "", // empty topic level
            "A".repeat(65), // over 64
            "a/b", // MQTT level separator
            "a+", // MQTT single-level wildcard
            "a#", // MQTT multi-level wildcard
            "$SYS", // MQTT reserved prefix
            ".", // current directory
            "..", // parent directory
            ".hidden", // hidden file
            "-rf", // looks like an option
            "_x", // must start with a letter or digit
            "a b", // space
            "a:b", // URN and Windows path separator
            "a%41", // would need URN percent-decoding
            "a\u0000", // NUL is forbidden in MQTT topics
            "a\nb", // log injection
            "caf\u00e9", // non-ASCII: case folding and normalisation differ between systems
            "x\\y"); // Windows path separator
    for (String id : rejected) {
      assertThat(DeviceId.isValid(id)).as("isValid(%s)", id).isFalse();
      assertThatThrownBy(() -> DeviceId.of(id))
          .as(id)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("[A-Za-z0-9._-]");
    }
    assertThat(DeviceId.isValid(null)).isFalse();
    assertThatThrownBy(() -> DeviceId.of(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectionMessagesAreOneBoundedLine() {
    String hostile = "evil\nINFO forged log line " + "x".repeat(500);
    assertThatThrownBy(() -> DeviceId.of(hostile))
        .hasMessageNotContaining("\n")
        .hasMessageContaining("\\u000a")
        .hasMessageContaining("(" + hostile.length() + " chars)")
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(250));
  }

  @Test
  void urnRoundTrips() {
    qt().forAll(validIds())
        .checkAssert(
            id -> {
              DeviceId device = DeviceId.of(id);
              assertThat(device.urn()).isEqualTo("urn:tracemark:device:" + id);
              assertThat(DeviceId.fromUrn(device.urn())).isEqualTo(device);
            });
    assertThatThrownBy(() -> DeviceId.fromUrn("urn:other:device:x"))
        .hasMessageContaining("does not start with urn:tracemark:device:");
    assertThatThrownBy(() -> DeviceId.fromUrn("urn:tracemark:device:a/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void topicsAreTheDesignContract() {
    DeviceId device = DeviceId.of("silo-7");
    assertThat(device.readingsTopic()).isEqualTo("tracemark/v1/devices/silo-7/readings");
    assertThat(device.firmwareTopic()).isEqualTo("tracemark/v1/devices/silo-7/firmware");
    assertThat(device.statusTopic()).isEqualTo("tracemark/v1/devices/silo-7/status");
  }

  @Test
  void everyValidIdIsExactlyOneTopicLevel() {
    qt().forAll(validIds())
        .checkAssert(
            id -> {
              String topic = DeviceId.of(id).readingsTopic();
              assertThat(topic.split("/", -1)).hasSize(5).contains(id);
              assertThat(topic).doesNotContain("+", "#", "\u0000");
            });
  }

  @Test
  void validityMatchesTheDocumentedRuleForArbitraryText() {
    qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 70))
        .checkAssert(
            text -> {
              boolean documented =
                  !text.isEmpty()
                      && text.length() <= 64
                      && Character.isLetterOrDigit(text.charAt(0))
                      && text.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
              assertThat(DeviceId.isValid(text)).as("\"%s\"", text).isEqualTo(documented);
            });
  }

  private static Gen<String> validIds() {
    Gen<Character> first = integers().between(0, 61).map(ALPHABET::charAt);
    Gen<String> rest =
        integers()
            .between(0, 63)
            .zip(
                integers().between(0, Integer.MAX_VALUE),
                (length, seed) -> {
                  StringBuilder out = new StringBuilder();
                  java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
                  for (int i = 0; i < length; i++) {
                    out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                  }
                  return out.toString();
                });
    return first.zip(rest, (c, tail) -> c + tail);
  }
}
