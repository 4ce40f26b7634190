package org.tracemark.edge.sensor.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.tracemark.edge.sensor.AirTemperature;
import org.tracemark.edge.sensor.Climate;
import org.tracemark.edge.sensor.GeoPoint;
import org.tracemark.edge.sensor.GpsReceiver;
import org.tracemark.edge.sensor.LoadCell;
import org.tracemark.edge.sensor.Noise;
import org.tracemark.edge.sensor.ReeferTemperature;
import org.tracemark.edge.sensor.RelativeHumidity;
import org.tracemark.edge.sensor.SensorSet;
import org.tracemark.edge.sensor.SensorSource;
import org.tracemark.edge.sensor.ShockSensor;
import org.tracemark.edge.sensor.TimeWindow;
import org.tracemark.edge.sensor.Track;
import org.tracemark.edge.sensor.Transport;
import org.tracemark.edge.sensor.Weather;
import org.tracemark.keys.reading.Observation;

/**
 * What one device of a scenario observes, in time order: a sensor sample every interval while it is
 * active (for a logger) and its scans at their times (for a scanner), as signed-reading v1 {@link
 * Observation}s ready to sign. Computed lazily, and the same every time for the same seed.
 *
 * <p>A logger's sensors are wired to the scenario: a travelling device's position is the goods'
 * track, a fixed one's its site; the outdoor air follows the place's climate (or, at sea and on the
 * road, its latitude); the device's faults become reefer failures, humidity excursions and GPS
 * jumps; shock spikes come at departures, arrivals and handling scans.
 */
public final class DeviceTimeline implements Iterable<Observation> {

  /** CBV steps in which goods are physically handled: a shock sensor on them feels it. */
  static final Set<String> HANDLING_STEPS =
      Set.of(
          "accepting",
          "arriving",
          "departing",
          "inspecting",
          "loading",
          "packing",
          "picking",
          "receiving",
          "shipping",
          "staging_outbound",
          "stocking",
          "storing",
          "unloading",
          "unpacking");

  private final Scenario scenario;
  private final Device device;
  private final Duration shift;
  private final Optional<SensorSet> sensors;
  private final List<ScanEvent> scans;

  DeviceTimeline(Scenario scenario, Device device, Duration shift) {
    this.scenario = scenario;
    this.device = device;
    this.shift = shift;
    this.sensors = device.sensors().isEmpty() ? Optional.empty() : Optional.of(wire());
    List<ScanEvent> own = new ArrayList<>();
    for (ScanEvent s : scenario.scans()) {
      if (s.device().equals(device.id())) {
        own.add(s);
      }
    }
    own.sort(Comparator.comparing(ScanEvent::at));
    this.scans = List.copyOf(own);
    if (scenario.start().plus(shift).toEpochMilli() < 0) {
      throw new IllegalArgumentException("a timeline cannot start before 1970");
    }
  }

  public Device device() {
    return device;
  }

  /** The device's sensors, sampled on the scenario's own clock; empty for a scanner. */
  public Optional<SensorSet> sensors() {
    return sensors;
  }

  /** Every observation, in time order. */
  @Override
  public Iterator<Observation> iterator() {
    return new Merge();
  }

  /** Every observation, in time order. */
  public Stream<Observation> stream() {
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(
            iterator(), Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE),
        false);
  }

  /** The observations with {@code from <= ts < to}, in the timeline's (shifted) time. */
  public List<Observation> between(Instant from, Instant to) {
    long a = from.toEpochMilli();
    long b = to.toEpochMilli();
    return stream().dropWhile(o -> o.ts() < a).takeWhile(o -> o.ts() < b).toList();
  }

  private SensorSet wire() {
    Noise noise = new Noise(scenario.seed()).derive("device:" + device.id());
    Track track = scenario.track();
    Function<Instant, GeoPoint> position =
        device.site().isPresent() ? t -> device.site().get().point() : track::positionAt;
    Function<Instant, Optional<Transport>> transport =
        device.site().isPresent() ? t -> Optional.empty() : track::transportAt;
    Weather weather = new Weather(position, climate(position), noise);
    Device.Sensors spec = device.sensors();
    List<SensorSource> sources = new ArrayList<>();
    spec.temperature()
        .ifPresent(
            t -> {
              if (t instanceof Device.Air air) {
                sources.add(
                    new AirTemperature(
                        weather, air.coupling(), air.offsetC(), air.noiseC(), noise));
              } else if (t instanceof Device.Reefer r) {
                sources.add(
                    new ReeferTemperature(
                        r.setpointC(),
                        weather,
                        faults(Fault.ReeferFailure.class).stream().map(Fault::window).toList(),
                        r.warmUp(),
                        r.pullDown(),
                        r.noiseC(),
                        noise));
              }
            });
    spec.humidity()
        .ifPresent(
            h ->
                sources.add(
                    new RelativeHumidity(
                        h.basePct(),
                        h.swingPctPerC(),
                        weather,
                        faults(Fault.HumidityExcursion.class).stream()
                            .map(f -> new RelativeHumidity.Excursion(f.window(), f.peakPct()))
                            .toList(),
                        h.noisePct(),
                        noise)));
    spec.gps()
        .ifPresent(
            g ->
                sources.add(
                    new GpsReceiver(
                        position,
                        g.noiseMeters(),
                        faults(Fault.GpsJump.class).stream()
                            .map(f -> new GpsReceiver.Jump(f.window(), f.to()))
                            .toList(),
                        noise)));
    spec.mass().ifPresent(m -> sources.add(new LoadCell(m.profile(), m.noiseKg(), noise)));
    spec.shock()
        .ifPresent(
            s -> sources.add(new ShockSensor(transport, handling(), device.interval(), noise)));
    return SensorSet.of(sources);
  }

  /** The climate where the device is: the place's own if it is at one, else by latitude. */
  private Function<Instant, Climate> climate(Function<Instant, GeoPoint> position) {
    if (device.site().isPresent()) {
      Location site = device.site().get();
      Climate c = site.climate().orElse(Climate.forLatitude(site.point().lat(), false));
      return t -> c;
    }
    Track track = scenario.track();
    return t -> {
      GeoPoint p = position.apply(t);
      Optional<Transport> moving = track.transportAt(t);
      Leg leg = scenario.legAt(t);
      if (moving.isPresent()) {
        if (moving.get().atSea() || !(leg instanceof Leg.Move m)) {
          return Climate.forLatitude(p.lat(), moving.get().atSea());
        }
        // Over land, blend the two ends' climates: a truck leaving a farm does not enter a
        // different climate at the gate.
        Climate a = climateOf(m.from());
        Climate b = climateOf(m.to());
        double da = p.distanceKm(m.from().point());
        double db = p.distanceKm(m.to().point());
        double w = da + db == 0 ? 0 : da / (da + db);
        return new Climate(
            a.meanC() + (b.meanC() - a.meanC()) * w,
            a.diurnalRangeC() + (b.diurnalRangeC() - a.diurnalRangeC()) * w);
      }
      Location place =
          leg instanceof Leg.Move m && m.from().point().distanceKm(p) < 1
              ? m.from()
              : leg.destination();
      if (place.point().distanceKm(p) < 1 && place.climate().isPresent()) {
        return place.climate().get();
      }
      return Climate.forLatitude(p.lat(), false);
    };
  }

  private static Climate climateOf(Location l) {
    return l.climate().orElse(Climate.forLatitude(l.point().lat(), false));
  }

  private <F extends Fault> List<F> faults(Class<F> type) {
    List<F> out = new ArrayList<>();
    for (Fault f : scenario.faults()) {
      if (type.isInstance(f) && device.id().equals(f.device())) {
        out.add(type.cast(f));
      }
    }
    return out;
  }

  /**
   * When the device is jolted: for one that travels, the goods' departures and arrivals and every
   * handling scan; for one at a site, the handling scans there.
   */
  private List<Instant> handling() {
    List<Instant> out = new ArrayList<>();
    if (device.travels()) {
      out.addAll(scenario.track().departuresAndArrivals());
    }
    Optional<String> here = device.site().flatMap(Location::sgln);
    for (ScanEvent s : scenario.scans()) {
      if (HANDLING_STEPS.contains(s.biz()) && (device.travels() || s.loc().equals(here))) {
        out.add(s.at());
      }
    }
    TimeWindow on = device.active();
    return out.stream().filter(on::contains).sorted().toList();
  }

  /** Sensor samples and scans merged by time. */
  private final class Merge implements Iterator<Observation> {

    private final TimeWindow on = device.active();
    private Instant nextSample = sensors.isPresent() ? on.start() : null;
    private int nextScan;

    @Override
    public boolean hasNext() {
      return sampleDue() || nextScan < scans.size();
    }

    @Override
    public Observation next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      boolean scanFirst =
          nextScan < scans.size()
              && (!sampleDue() || !scans.get(nextScan).at().isAfter(nextSample));
      if (scanFirst) {
        ScanEvent s = scans.get(nextScan++);
        return Observation.scan(ts(s.at()), s.epc(), s.biz(), s.loc());
      }
      Instant t = nextSample;
      nextSample = nextSample.plus(device.interval());
      return Observation.sensor(ts(t), sensors.get().sample(t), device.objects());
    }

    private boolean sampleDue() {
      return nextSample != null && nextSample.isBefore(on.end());
    }

    private long ts(Instant t) {
      return t.plus(shift).toEpochMilli();
    }
  }
}
