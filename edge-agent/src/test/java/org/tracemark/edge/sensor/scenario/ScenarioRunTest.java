package org.tracemark.edge.sensor.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.reading.Observation;

class ScenarioRunTest {

  private static final Instant WALL = Instant.parse("2026-03-01T12:00:00Z");
  private static final Instant SIM = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void aSimulatedClockRunsFasterThanTheWall() {
    SimulatedClock clock = new SimulatedClock(SIM, 3600, WALL);
    assertThat(clock.simTime(WALL.plusSeconds(10))).isEqualTo(SIM.plus(Duration.ofHours(10)));
    assertThat(clock.wallTime(SIM.plus(Duration.ofDays(1)))).isEqualTo(WALL.plusSeconds(24));
  }

  @Test
  void handsOutEachObservationOnceWhenItFallsDue() throws Exception {
    Scenario fish = Scenario.load("fish");
    // One wall second is one simulated day.
    ScenarioRun run =
        ScenarioRun.start(fish, "reefer-logger", new SimulatedClock(SIM, 86_400, WALL));

    assertThat(run.due(WALL)).as("the logger goes in on day 9").isEmpty();
    Instant firstDue = run.nextDue().orElseThrow();
    assertThat(firstDue).isEqualTo(WALL.plusNanos(9_041_666_667L)); // P9DT1H / 86,400
    List<Observation> day10 = run.due(WALL.plusSeconds(10));
    assertThat(day10).hasSize(23 * 4 + 1); // every 15 min from P9DT1H to P10D inclusive
    assertThat(day10.get(0).ts())
        .isEqualTo(SIM.plus(Duration.ofDays(9).plusHours(1)).toEpochMilli());
    assertThat(run.due(WALL.plusSeconds(10))).as("nothing twice").isEmpty();

    List<Observation> all = new ArrayList<>(day10);
    for (int s = 11; !run.finished(); s++) {
      all.addAll(run.due(WALL.plusSeconds(s)));
    }
    List<Observation> expected = fish.timeline("reefer-logger", SIM).stream().toList();
    assertThat(all).isEqualTo(expected);
    assertThat(run.nextDue()).isEmpty();
  }

  @Test
  void aMovedTimelineIsTheSameReadingsShiftedInTime() throws Exception {
    Scenario grain = Scenario.load("grain");
    List<Observation> own = grain.timeline("truck-tracker").stream().toList();
    List<Observation> moved = grain.timeline("truck-tracker", SIM).stream().toList();
    long shift = Duration.between(grain.start(), SIM).toMillis();
    assertThat(moved).hasSameSizeAs(own);
    for (int i = 0; i < own.size(); i++) {
      assertThat(moved.get(i).ts()).isEqualTo(own.get(i).ts() + shift);
      assertThat(moved.get(i).measurements()).isEqualTo(own.get(i).measurements());
    }
  }

  @Test
  void theSameSeedReplaysExactlyAndAnotherSeedDoesNot() throws Exception {
    Scenario fish = Scenario.load("fish");
    List<Observation> once = fish.timeline("cold-store").stream().toList();
    List<Observation> again = Scenario.load("fish").timeline("cold-store").stream().toList();
    List<Observation> other = fish.withSeed(7).timeline("cold-store").stream().toList();
    assertThat(again).isEqualTo(once);
    assertThat(other).hasSameSizeAs(once).isNotEqualTo(once);
  }

  @Test
  void aScannerPlaysItsScansWithTheirStepsAndPlaces() throws Exception {
    Scenario grain = Scenario.load("grain");
    List<Observation> scans =
        grain.timeline("receival-scanner").between(grain.start(), grain.end());
    assertThat(scans)
        .extracting(o -> o.biz().orElseThrow())
        .containsExactly("receiving", "inspecting", "storing", "loading", "shipping");
    assertThat(scans.get(0).epc()).contains("https://id.gs1.org/00/095201230000001179");
    assertThat(scans).allMatch(o -> o.loc().equals(Optional.of("urn:epc:id:sgln:9521001.00001.0")));
  }
}
