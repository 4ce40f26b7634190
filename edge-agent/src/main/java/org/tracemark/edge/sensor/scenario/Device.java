package org.tracemark.edge.sensor.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tracemark.edge.sensor.LoadCell;
import org.tracemark.edge.sensor.SensorSource;
import org.tracemark.edge.sensor.TimeWindow;

/**
 * A device of a scenario: a logger with sensors, or a scanner.
 *
 * @param id the suffix of the device id, e.g. {@code reefer-1} (the fleet prefixes its own)
 * @param interval a logger's sampling interval (zero for a scanner)
 * @param active when it is switched on
 * @param site where it is fixed, if it is (a silo, a dock); otherwise it travels with the goods
 * @param objects canonical Digital Link URIs of what a logger is attached to: a reading's {@code
 *     obj}
 */
public record Device(
    String id,
    Kind kind,
    Duration interval,
    TimeWindow active,
    Optional<Location> site,
    List<String> objects,
    Sensors sensors) {

  public enum Kind {
    LOGGER,
    SCANNER
  }

  /** Whether it moves with the goods (no fixed site). */
  public boolean travels() {
    return site.isEmpty();
  }

  /** The sensors of a logger; all empty for a scanner. */
  public record Sensors(
      Optional<Temperature> temperature,
      Optional<Humidity> humidity,
      Optional<Gps> gps,
      Optional<Mass> mass,
      Optional<Shock> shock) {

    public static final Sensors NONE =
        new Sensors(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    public boolean isEmpty() {
      return temperature.isEmpty()
          && humidity.isEmpty()
          && gps.isEmpty()
          && mass.isEmpty()
          && shock.isEmpty();
    }

    /** Whether one of the sensors reports {@code measurement}. */
    public boolean reports(String measurement) {
      return switch (measurement) {
        case SensorSource.TEMPERATURE -> temperature.isPresent();
        case SensorSource.HUMIDITY -> humidity.isPresent();
        case SensorSource.LAT, SensorSource.LON -> gps.isPresent();
        case SensorSource.MASS -> mass.isPresent();
        case SensorSource.SHOCK -> shock.isPresent();
        default -> false;
      };
    }
  }

  /** A temperature probe: in outdoor-coupled air, or in a refrigerated space. */
  public sealed interface Temperature permits Air, Reefer {}

  /** See {@link org.tracemark.edge.sensor.AirTemperature}. */
  public record Air(double coupling, double offsetC, double noiseC) implements Temperature {}

  /** See {@link org.tracemark.edge.sensor.ReeferTemperature}. */
  public record Reefer(double setpointC, Duration warmUp, Duration pullDown, double noiseC)
      implements Temperature {}

  /** See {@link org.tracemark.edge.sensor.RelativeHumidity}. */
  public record Humidity(double basePct, double swingPctPerC, double noisePct) {}

  /** See {@link org.tracemark.edge.sensor.GpsReceiver}. */
  public record Gps(double noiseMeters) {}

  /** See {@link org.tracemark.edge.sensor.LoadCell}. */
  public record Mass(List<LoadCell.Point> profile, double noiseKg) {}

  /** See {@link org.tracemark.edge.sensor.ShockSensor}. */
  public record Shock() {}
}
