package org.tracemark.edge.sensor.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.tracemark.edge.sensor.TimeWindow;
import org.tracemark.edge.sensor.Track;

/**
 * A supply chain to simulate, loaded from a JSON file (format in the module README): places, the
 * legs the goods travel, the devices that watch them, what gets scanned when, what goes wrong, and
 * the customs declarations. {@link #timeline(String)} turns it into what one device observes.
 *
 * <p>Everything is checked on load — references between parts, GS1 check digits, plausible speeds,
 * that each move arrives before the next leg starts — and a problem is reported as a {@link
 * ScenarioException} naming the file and field.
 *
 * @param name short name, e.g. {@code fish}
 * @param file where it was loaded from, for messages
 * @param start when the scenario begins (its own clock; a run may move it)
 * @param end when it ends
 * @param seed seed of all simulated noise; the same seed gives the same readings
 * @param track where the goods are at every instant, detours included
 */
public record Scenario(
    String name,
    String title,
    String file,
    Instant start,
    Instant end,
    long seed,
    List<Location> locations,
    List<Leg> legs,
    List<Device> devices,
    List<ScanEvent> scans,
    List<Fault> faults,
    List<Declaration> declarations,
    Track track) {

  /** The scenarios shipped in this module, under {@code /scenarios/{name}.json}. */
  public static final List<String> BUILT_IN = List.of("grain", "fish", "import");

  /**
   * Loads a built-in scenario by name ({@link #BUILT_IN}), or else a file at that path.
   *
   * @throws ScenarioException if there is no such scenario or it is invalid
   */
  public static Scenario load(String nameOrPath) throws ScenarioException {
    if (BUILT_IN.contains(nameOrPath)) {
      String file = nameOrPath + ".json";
      try (InputStream in = Scenario.class.getResourceAsStream("/scenarios/" + file)) {
        if (in == null) {
          throw new ScenarioException(file, "", "not on the classpath under /scenarios/");
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file);
      } catch (IOException e) {
        throw new ScenarioException(file, "", "cannot be read: " + e.getMessage(), e);
      }
    }
    Path path = Path.of(nameOrPath);
    if (!Files.exists(path)) {
      throw new ScenarioException(
          nameOrPath, "", "no such file, and not a built-in scenario " + BUILT_IN);
    }
    return load(path);
  }

  /** Loads a scenario file. */
  public static Scenario load(Path file) throws ScenarioException {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new ScenarioException(file.toString(), "", "cannot be read: " + e, e);
    }
  }

  /**
   * Reads a scenario from JSON text.
   *
   * @param file how to name the source in errors
   */
  public static Scenario parse(String json, String file) throws ScenarioException {
    return ScenarioReader.read(json, file);
  }

  /** The same scenario with other noise: same plan, different readings. */
  public Scenario withSeed(long newSeed) {
    return new Scenario(
        name,
        title,
        file,
        start,
        end,
        newSeed,
        locations,
        legs,
        devices,
        scans,
        faults,
        declarations,
        track);
  }

  /** From start to end. */
  public TimeWindow window() {
    return new TimeWindow(start, end);
  }

  /** The device with this id suffix. */
  public Device device(String id) {
    return devices.stream()
        .filter(d -> d.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "scenario "
                        + name
                        + " has no device "
                        + id
                        + "; it has "
                        + devices.stream().map(Device::id).toList()));
  }

  public Optional<Location> location(String id) {
    return locations.stream().filter(l -> l.id().equals(id)).findFirst();
  }

  /** The leg in progress at {@code t} (the first before the start, the last after the end). */
  public Leg legAt(Instant t) {
    Leg current = legs.get(0);
    for (Leg leg : legs) {
      if (!leg.start().isAfter(t)) {
        current = leg;
      }
    }
    return current;
  }

  /** The limits the goods are held to at {@code t}: those of the leg in progress. */
  public Limits limitsAt(Instant t) {
    return legAt(t).limits();
  }

  /** What {@code device} observes, on the scenario's own clock. */
  public DeviceTimeline timeline(String device) {
    return timeline(device, start);
  }

  /**
   * What {@code device} observes, with the scenario moved in time to begin at {@code simStart}:
   * every observation's {@code ts} is shifted by {@code simStart - start}.
   */
  public DeviceTimeline timeline(String device, Instant simStart) {
    return new DeviceTimeline(this, device(device), Duration.between(start, simStart));
  }
}
