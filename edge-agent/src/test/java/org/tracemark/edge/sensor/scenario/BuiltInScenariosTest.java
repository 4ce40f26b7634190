package org.tracemark.edge.sensor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tracemark.edge.sensor.GeoPoint;
import org.tracemark.edge.sensor.TimeWindow;
import org.tracemark.gs1.CheckDigit;
import org.tracemark.gs1.digitallink.DigitalLink;
import org.tracemark.gs1.element.Element;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.gs1.epc.EpcUrn;
import org.tracemark.gs1.key.Sgln;
import org.tracemark.keys.reading.Observation;
import org.tracemark.keys.reading.ReadingKind;

/** Each shipped scenario loads, holds valid GS1 keys, plays in order and shows what it claims. */
class BuiltInScenariosTest {

  /** AIs whose value is a fixed-length numeric key ending in a mod-10 check digit. */
  private static final Set<String> CHECKED_KEYS = Set.of("00", "01", "402", "414");

  @ParameterizedTest
  @ValueSource(strings = {"grain", "fish", "import"})
  void loadsWithEveryPartReferenced(String name) throws Exception {
    Scenario s = Scenario.load(name);
    assertThat(s.name()).isEqualTo(name);
    assertThat(s.file()).isEqualTo(name + ".json");
    assertThat(s.devices())
        .extracting(d -> d.kind())
        .contains(Device.Kind.LOGGER, Device.Kind.SCANNER);
    assertThat(s.faults()).as("every built-in scenario goes wrong somewhere").isNotEmpty();
    assertThat(s.faults()).allMatch(f -> f.expect().isPresent());
    assertThat(s.declarations()).extracting(Declaration::kind).containsExactly("export", "import");
    for (Device d : s.devices()) {
      assertThat(s.timeline(d.id()).iterator().hasNext())
          .as("device %s observes something", d.id())
          .isTrue();
    }
  }

  @Test
  void theScenariosTellTheirStories() throws Exception {
    Scenario grain = Scenario.load("grain");
    assertThat(grain.location("nungarin-farm").orElseThrow().country()).isEqualTo("AU");
    assertThat(grain.location("priok-mill").orElseThrow().country()).isEqualTo("ID");
    assertThat(
            grain.devices().stream()
                .filter(d -> d.sensors().mass().isPresent())
                .map(d -> d.site().orElseThrow().id()))
        .containsExactlyInAnyOrder("merredin-receival", "priok-mill");
    assertThat(grain.faults()).extracting(Fault::kind).contains("detour", "humidity-excursion");

    Scenario fish = Scenario.load("fish");
    assertThat(fish.scans()).anyMatch(s -> s.biz().equals("harvesting") && s.loc().isPresent());
    assertThat(fish.location("rotterdam-cold-store").orElseThrow().country()).isEqualTo("NL");
    assertThat(fish.faults()).extracting(Fault::kind).containsExactly("reefer-failure");

    Scenario imports = Scenario.load("import");
    assertThat(imports.declarations()).extracting(Declaration::origin).containsOnly("VN");
    assertThat(imports.declarations()).extracting(Declaration::country).containsExactly("VN", "AU");
    assertThat(imports.faults()).extracting(Fault::kind).containsExactly("gps-jump");
  }

  @ParameterizedTest
  @ValueSource(strings = {"grain", "fish", "import"})
  void everyGs1KeyHasAValidCheckDigit(String name) throws Exception {
    Scenario s = Scenario.load(name);
    List<String> keys = new ArrayList<>();
    for (Location l : s.locations()) {
      l.gln().ifPresent(g -> keys.add(g.value()));
      if (l.sgln().isPresent()) {
        EpcUrn urn = EpcUrn.parse(l.sgln().get());
        assertThat(((Sgln) urn.identity()).gln()).isEqualTo(l.gln().orElseThrow());
      }
    }
    for (ScanEvent scan : s.scans()) {
      keysOf(ElementString.parse(scan.scanned()), keys);
      keysOf(DigitalLink.parse(scan.epc()).toElementString(), keys);
      if (scan.loc().isPresent()) {
        keys.add(((Sgln) EpcUrn.parse(scan.loc().get()).identity()).gln().value());
      }
    }
    for (Device d : s.devices()) {
      for (String obj : d.objects()) {
        keysOf(DigitalLink.parse(obj).toElementString(), keys);
      }
    }
    for (Declaration d : s.declarations()) {
      keys.add(d.gsin());
    }
    assertThat(keys).hasSizeGreaterThan(10);
    for (String key : keys) {
      assertThat(CheckDigit.isValid(key)).as("check digit of %s", key).isTrue();
    }
    assertThat(s.scans()).anyMatch(scan -> scan.epc().startsWith("https://id.gs1.org/00/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"grain", "fish", "import"})
  void everyTimelineIsInTimeOrderAndWithinTheScenario(String name) throws Exception {
    Scenario s = Scenario.load(name);
    for (Device d : s.devices()) {
      long previous = Long.MIN_VALUE;
      int count = 0;
      for (Observation o : s.timeline(d.id())) {
        assertThat(o.ts()).as("%s at %d", d.id(), count).isGreaterThanOrEqualTo(previous);
        assertThat(Instant.ofEpochMilli(o.ts())).isBetween(d.active().start(), d.active().end());
        if (d.kind() == Device.Kind.LOGGER) {
          assertThat(o.kind()).isEqualTo(ReadingKind.SENSOR);
          assertThat(o.measurements().keySet()).allMatch(m -> d.sensors().reports(m));
          assertThat(o.objects()).isEqualTo(d.objects());
        } else {
          assertThat(o.kind()).isEqualTo(ReadingKind.SCAN);
          assertThat(o.epc().orElseThrow()).startsWith("https://id.gs1.org/");
        }
        previous = o.ts();
        count++;
      }
      if (d.kind() == Device.Kind.LOGGER) {
        assertThat(count).isEqualTo((int) d.active().duration().dividedBy(d.interval()));
      }
    }
  }

  /**
   * What a cold-chain check would find: every reading is within its leg's limits except in the
   * aftermath of a fault on that device.
   */
  @ParameterizedTest
  @ValueSource(strings = {"grain", "fish", "import"})
  void readingsBreakTheirLimitsOnlyWhereAFaultSaysSo(String name) throws Exception {
    Scenario s = Scenario.load(name);
    for (Device d : s.devices()) {
      List<TimeWindow> excused = new ArrayList<>();
      for (Fault f : s.faults()) {
        if (f.expect().isPresent()
            && f.expect().get() instanceof Expectation.Exceeds e
            && e.device().equals(d.id())) {
          excused.add(
              new TimeWindow(
                  f.window().start(), f.window().end().plus(e.recoveredWithin().orElseThrow())));
        }
      }
      for (Observation o : s.timeline(d.id())) {
        Instant t = Instant.ofEpochMilli(o.ts());
        if (excused.stream().anyMatch(w -> w.contains(t))) {
          continue;
        }
        Limits limits = s.limitsAt(t);
        for (Map.Entry<String, Double> m : o.measurements().entrySet()) {
          assertThat(limits.allows(m.getKey(), m.getValue()))
              .as(
                  "%s %s = %.2f at %s within %s",
                  d.id(), m.getKey(), m.getValue(), t, limits.band(m.getKey()))
              .isTrue();
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"grain", "fish", "import"})
  void eachFaultShowsWhatTheScenarioClaims(String name) throws Exception {
    Scenario s = Scenario.load(name);
    for (Fault f : s.faults()) {
      Expectation claim = f.expect().orElseThrow();
      List<Observation> readings = s.timeline(claim.device()).stream().toList();
      if (claim instanceof Expectation.Exceeds e) {
        checkExceeds(s, f, e, readings);
      } else if (claim instanceof Expectation.Jump j) {
        checkJump(f, j, readings);
      } else if (claim instanceof Expectation.OffRoute r) {
        checkOffRoute(s, f, r, readings);
      }
    }
  }

  private static void checkExceeds(
      Scenario s, Fault f, Expectation.Exceeds e, List<Observation> readings) {
    Duration interval = s.device(e.device()).interval();
    Instant recovered = f.window().end().plus(e.recoveredWithin().orElse(Duration.ZERO));
    int above = 0;
    for (Observation o : readings) {
      Instant t = Instant.ofEpochMilli(o.ts());
      double v = o.measurements().get(e.measurement());
      if (v > e.above()) {
        assertThat(t)
            .as(
                "%s %s = %.2f: above %.1f before the fault",
                e.device(), e.measurement(), v, e.above())
            .isAfterOrEqualTo(f.window().start());
        if (e.recoveredWithin().isPresent()) {
          assertThat(t)
              .as("%s %s = %.2f: not recovered", e.device(), e.measurement(), v)
              .isBefore(recovered);
        }
        above++;
      }
    }
    assertThat(interval.multipliedBy(above))
        .as("%s: time with %s above %.1f", f.kind(), e.measurement(), e.above())
        .isGreaterThanOrEqualTo(e.forAtLeast());
  }

  private static void checkJump(Fault f, Expectation.Jump j, List<Observation> readings) {
    int teleports = 0;
    for (int i = 1; i < readings.size(); i++) {
      Observation a = readings.get(i - 1);
      Observation b = readings.get(i);
      double km = position(a).distanceKm(position(b));
      boolean edge =
          f.window().contains(Instant.ofEpochMilli(a.ts()))
              != f.window().contains(Instant.ofEpochMilli(b.ts()));
      double hours = (b.ts() - a.ts()) / 3_600_000.0;
      if (edge) {
        assertThat(km)
            .as("jump at %s", Instant.ofEpochMilli(b.ts()))
            .isGreaterThanOrEqualTo(j.km());
        teleports++;
      } else {
        assertThat(km / hours).as("speed at %s", Instant.ofEpochMilli(b.ts())).isLessThan(100);
      }
    }
    assertThat(teleports).as("into and out of the jump").isEqualTo(2);
  }

  private static void checkOffRoute(
      Scenario s, Fault f, Expectation.OffRoute r, List<Observation> readings) {
    double farthest = 0;
    for (Observation o : readings) {
      double off = s.track().distanceFromRouteKm(position(o));
      if (f.window().contains(Instant.ofEpochMilli(o.ts()))) {
        farthest = Math.max(farthest, off);
      } else {
        assertThat(off).as("off the route at %s", Instant.ofEpochMilli(o.ts())).isLessThan(1);
      }
    }
    assertThat(farthest).isGreaterThan(r.km());
  }

  private static GeoPoint position(Observation o) {
    return new GeoPoint(o.measurements().get("lat"), o.measurements().get("lon"));
  }

  private static void keysOf(ElementString data, List<String> keys) {
    for (Element e : data.elements()) {
      if (CHECKED_KEYS.contains(e.code())) {
        keys.add(e.value());
      }
    }
  }
}
