package org.tracemark.edge.sensor.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tracemark.edge.scan.ScanParser;
import org.tracemark.edge.scan.ScanResult;
import org.tracemark.edge.sensor.Climate;
import org.tracemark.edge.sensor.GeoPoint;
import org.tracemark.edge.sensor.LoadCell;
import org.tracemark.edge.sensor.TimeWindow;
import org.tracemark.edge.sensor.Track;
import org.tracemark.edge.sensor.Transport;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.gs1.epc.EpcUrn;
import org.tracemark.gs1.key.CompanyPrefix;
import org.tracemark.gs1.key.CompanyPrefixLookup;
import org.tracemark.gs1.key.Gln;
import org.tracemark.gs1.key.Sgln;

/** Reads and checks a scenario file; see {@link Scenario}. */
final class ScenarioReader {

  static final String FORMAT = "tracemark-scenario/1";

  /** CBV 2.0 business steps, plus {@code harvesting}, which the reading contract names. */
  static final Set<String> BUSINESS_STEPS =
      Set.of(
          "accepting",
          "arriving",
          "assembling",
          "collecting",
          "commissioning",
          "consigning",
          "creating_class_instance",
          "cycle_counting",
          "decommissioning",
          "departing",
          "destroying",
          "disassembling",
          "dispensing",
          "encoding",
          "entering_exiting",
          "harvesting",
          "holding",
          "inspecting",
          "installing",
          "killing",
          "loading",
          "other",
          "packing",
          "picking",
          "receiving",
          "removing",
          "repackaging",
          "repairing",
          "replacing",
          "reserving",
          "retail_selling",
          "sampling",
          "sensor_reporting",
          "shipping",
          "staging_outbound",
          "stock_taking",
          "stocking",
          "storing",
          "transporting",
          "unloading",
          "unpacking",
          "void_shipping");

  private static final Set<String> LIMITED = Set.of("temperature", "humidity", "mass", "shock");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
  private static final Pattern HS_CODE = Pattern.compile("[0-9]{6,10}");
  private static final long MAX_SAMPLES = 1_000_000;

  private final Fields root;
  private final String file;
  private Instant start;
  private Instant end;
  private CompanyPrefixLookup prefixes;
  private final Map<String, Location> locations = new LinkedHashMap<>();
  private final List<Leg> legs = new ArrayList<>();
  private final Map<String, Device> devices = new LinkedHashMap<>();

  private ScenarioReader(Fields root) {
    this.root = root;
    this.file = root.file();
  }

  static Scenario read(String json, String file) throws ScenarioException {
    ObjectMapper mapper = new ObjectMapper();
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    JsonNode tree;
    try {
      tree = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new ScenarioException(file, where, "not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (tree == null) {
      throw new ScenarioException(file, "", "empty file");
    }
    return new ScenarioReader(Fields.root(file, tree)).scenario();
  }

  private Scenario scenario() throws ScenarioException {
    root.only(
        "format",
        "name",
        "title",
        "start",
        "duration",
        "seed",
        "companyPrefixes",
        "locations",
        "legs",
        "devices",
        "scans",
        "faults",
        "declarations");
    String format = root.text("format");
    if (!format.equals(FORMAT)) {
      throw root.error("format", "expected \"" + FORMAT + "\", got \"" + format + "\"");
    }
    String name = root.text("name");
    if (!NAME.matcher(name).matches()) {
      throw root.error("name", "must be 1-32 of a-z, 0-9 and -, got \"" + name + "\"");
    }
    String title = root.optionalText("title").orElse(name);
    start = root.instant("start");
    Duration duration = root.duration("duration");
    if (duration.isZero()) {
      throw root.error("duration", "must be positive");
    }
    end = start.plus(duration);
    long seed = root.integer("seed");
    readPrefixes();
    for (Fields f : root.objects("locations", true)) {
      Location l = location(f);
      if (locations.putIfAbsent(l.id(), l) != null) {
        throw f.error("id", "location \"" + l.id() + "\" is defined twice");
      }
    }
    List<Fields> legFields = root.objects("legs", true);
    if (legFields.isEmpty()) {
      throw root.error("legs", "needs at least one leg");
    }
    for (Fields f : legFields) {
      legs.add(leg(f));
    }
    for (Fields f : root.objects("devices", true)) {
      Device d = device(f);
      if (devices.putIfAbsent(d.id(), d) != null) {
        throw f.error("id", "device \"" + d.id() + "\" is defined twice");
      }
    }
    List<ScanEvent> scans = new ArrayList<>();
    for (Fields f : root.objects("scans", false)) {
      scans.add(scan(f));
    }
    List<Fields> faultFields = root.objects("faults", false);
    List<Fault> faults = new ArrayList<>();
    for (Fields f : faultFields) {
      faults.add(fault(f));
    }
    checkOverlaps(faults, faultFields);
    Track track = track(legFields, faults, faultFields);
    List<Declaration> declarations = new ArrayList<>();
    for (Fields f : root.objects("declarations", false)) {
      declarations.add(declaration(f));
    }
    return new Scenario(
        name,
        title,
        file,
        start,
        end,
        seed,
        List.copyOf(locations.values()),
        List.copyOf(legs),
        List.copyOf(devices.values()),
        List.copyOf(scans),
        List.copyOf(faults),
        List.copyOf(declarations),
        track);
  }

  // --- places ----------------------------------------------------------------------------------

  private void readPrefixes() throws ScenarioException {
    List<CompanyPrefix> known = new ArrayList<>();
    List<String> values = root.texts("companyPrefixes");
    for (int i = 0; i < values.size(); i++) {
      try {
        known.add(CompanyPrefix.of(values.get(i)));
      } catch (Gs1Exception e) {
        throw new ScenarioException(
            file, "companyPrefixes[" + i + "]", "not a GS1 Company Prefix: " + e.getMessage());
      }
    }
    prefixes = CompanyPrefixLookup.of(known);
  }

  private Location location(Fields f) throws ScenarioException {
    f.only("id", "name", "gln", "lat", "lon", "country", "climate");
    String id = f.text("id");
    if (!NAME.matcher(id).matches()) {
      throw f.error("id", "must be 1-32 of a-z, 0-9 and -, got \"" + id + "\"");
    }
    String name = f.optionalText("name").orElse(id);
    GeoPoint point = point(f);
    String country = country(f, "country");
    Optional<Gln> gln = Optional.empty();
    Optional<String> sgln = Optional.empty();
    if (f.has("gln")) {
      String digits = f.text("gln");
      try {
        Gln g = Gln.parse(digits);
        gln = Optional.of(g);
        sgln = Optional.of(EpcUrn.of(Sgln.of(g), prefixes).toString());
      } catch (Gs1Exception e) {
        throw f.error(
            "gln",
            e.code() == Gs1Exception.Code.UNKNOWN_COMPANY_PREFIX
                ? "no entry of companyPrefixes starts GLN "
                    + digits
                    + ", so it has no SGLN URN ["
                    + e.code().id()
                    + "]"
                : e.getMessage());
      }
    }
    Optional<Climate> climate = Optional.empty();
    if (f.has("climate")) {
      Fields c = f.object("climate").only("meanC", "diurnalRangeC");
      climate =
          Optional.of(new Climate(c.number("meanC", -60, 50), c.number("diurnalRangeC", 0, 30)));
    }
    return new Location(id, name, gln, sgln, point, country, climate);
  }

  private static GeoPoint point(Fields f) throws ScenarioException {
    return new GeoPoint(f.number("lat", -90, 90), f.number("lon", -180, 180));
  }

  private String country(Fields f, String name) throws ScenarioException {
    String c = f.text(name);
    if (!COUNTRY.matcher(c).matches()) {
      throw f.error(name, "expected an ISO 3166-1 alpha-2 code such as AU, got \"" + c + "\"");
    }
    return c;
  }

  private Location locationRef(Fields f, String name) throws ScenarioException {
    String id = f.text(name);
    Location l = locations.get(id);
    if (l == null) {
      throw f.error(name, "no location \"" + id + "\"; locations are " + locations.keySet());
    }
    return l;
  }

  // --- legs ------------------------------------------------------------------------------------

  private Leg leg(Fields f) throws ScenarioException {
    String kind = f.text("kind");
    Instant at = offset(f, "start");
    int index = legs.size();
    if (index == 0 && !at.equals(start)) {
      throw f.error("start", "the first leg starts at PT0S, the beginning of the scenario");
    }
    if (index > 0 && !at.isAfter(legs.get(index - 1).start())) {
      throw f.error(
          "start", "must be after the previous leg's start " + since(legs.get(index - 1).start()));
    }
    if (!at.isBefore(end)) {
      throw f.error("start", "is not before the end of the scenario " + since(end));
    }
    Optional<Location> here =
        index == 0 ? Optional.empty() : Optional.of(legs.get(index - 1).destination());
    switch (kind) {
      case "stay" -> {
        f.only("kind", "start", "at", "limits");
        Location where = locationRef(f, "at");
        requireHere(f, "at", where, here, index);
        return new Leg.Stay(at, where, limits(f));
      }
      case "move" -> {
        f.only("kind", "start", "from", "to", "via", "by", "speedKmh", "speedKn", "limits");
        Location from = locationRef(f, "from");
        requireHere(f, "from", from, here, index);
        Location to = locationRef(f, "to");
        List<GeoPoint> via = new ArrayList<>();
        for (Fields p : f.objects("via", false)) {
          p.only("lat", "lon");
          via.add(point(p));
        }
        String by = f.text("by");
        Transport transport =
            Transport.byLabel(by)
                .orElseThrow(
                    () ->
                        f.error(
                            "by",
                            "unknown transport \""
                                + by
                                + "\"; expected one of "
                                + Arrays.stream(Transport.values())
                                    .map(Transport::label)
                                    .toList()));
        double kmh;
        String speedField;
        if (f.has("speedKmh") == f.has("speedKn")) {
          throw f.error("speedKmh", "give exactly one of speedKmh and speedKn");
        } else if (f.has("speedKn")) {
          speedField = "speedKn";
          kmh = f.number("speedKn") * Transport.KNOT_KMH;
        } else {
          speedField = "speedKmh";
          kmh = f.number("speedKmh");
        }
        if (!transport.plausible(kmh)) {
          throw f.error(
              speedField,
              String.format(
                  Locale.ROOT,
                  "%.1f km/h is not plausible for %s (%.0f-%.0f km/h)",
                  kmh,
                  transport.label(),
                  transport.minKmh(),
                  transport.maxKmh()));
        }
        return new Leg.Move(at, from, to, List.copyOf(via), transport, kmh, limits(f));
      }
      default -> throw f.error("kind", "expected \"move\" or \"stay\", got \"" + kind + "\"");
    }
  }

  private static void requireHere(
      Fields f, String name, Location l, Optional<Location> here, int index)
      throws ScenarioException {
    if (here.isPresent() && !here.get().id().equals(l.id())) {
      throw f.error(
          name,
          "is \""
              + l.id()
              + "\", but after legs["
              + (index - 1)
              + "] the goods are at \""
              + here.get().id()
              + "\"");
    }
  }

  private Limits limits(Fields leg) throws ScenarioException {
    if (!leg.has("limits")) {
      return Limits.NONE;
    }
    Fields f = leg.object("limits");
    f.only(LIMITED.toArray(String[]::new));
    Map<String, Limits.Band> bands = new HashMap<>();
    for (String m : LIMITED) {
      if (f.has(m)) {
        Fields b = f.object(m).only("min", "max");
        if (!b.has("min") && !b.has("max")) {
          throw b.error("needs min, max or both");
        }
        double min = b.number("min", Double.NEGATIVE_INFINITY);
        double max = b.number("max", Double.POSITIVE_INFINITY);
        if (min > max) {
          throw b.error("min", "min " + min + " is above max " + max);
        }
        bands.put(m, new Limits.Band(min, max));
      }
    }
    return new Limits(bands);
  }

  // --- devices ---------------------------------------------------------------------------------

  private Device device(Fields f) throws ScenarioException {
    f.only("id", "kind", "interval", "active", "site", "obj", "sensors");
    String id = f.text("id");
    if (!DEVICE.matcher(id).matches()) {
      throw f.error("id", "must be 1-32 of A-Z, a-z, 0-9, '.', '_' and '-', got \"" + id + "\"");
    }
    String kindText = f.text("kind");
    Device.Kind kind =
        switch (kindText) {
          case "logger" -> Device.Kind.LOGGER;
          case "scanner" -> Device.Kind.SCANNER;
          default ->
              throw f.error("kind", "expected \"logger\" or \"scanner\", got \"" + kindText + "\"");
        };
    TimeWindow active = new TimeWindow(start, end);
    if (f.has("active")) {
      Fields a = f.object("active").only("from", "to");
      Instant from = a.has("from") ? offset(a, "from") : start;
      Instant to = a.has("to") ? offset(a, "to") : end;
      if (!to.isAfter(from)) {
        throw a.error("to", "must be after from");
      }
      active = new TimeWindow(from, to);
    }
    Optional<Location> site =
        f.has("site") ? Optional.of(locationRef(f, "site")) : Optional.empty();
    List<String> objects = new ArrayList<>();
    List<String> obj = f.texts("obj");
    for (int i = 0; i < obj.size(); i++) {
      objects.add(epc(obj.get(i), f.at("obj") + "[" + i + "]"));
    }
    if (kind == Device.Kind.SCANNER) {
      for (String notForScanner : List.of("interval", "sensors", "obj")) {
        if (f.has(notForScanner)) {
          throw f.error(notForScanner, "a scanner has no " + notForScanner);
        }
      }
      return new Device(id, kind, Duration.ZERO, active, site, List.of(), Device.Sensors.NONE);
    }
    Duration interval = f.duration("interval");
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw f.error("interval", "must be at least PT1S");
    }
    if (active.duration().dividedBy(interval) > MAX_SAMPLES) {
      throw f.error(
          "interval", "gives more than " + MAX_SAMPLES + " samples over the active period");
    }
    Device.Sensors sensors = sensors(f.object("sensors"));
    if (sensors.isEmpty()) {
      throw f.error("sensors", "a logger needs at least one sensor");
    }
    return new Device(id, kind, interval, active, site, List.copyOf(objects), sensors);
  }

  private Device.Sensors sensors(Fields f) throws ScenarioException {
    f.only("temperature", "humidity", "gps", "mass", "shock");
    Optional<Device.Temperature> temperature = Optional.empty();
    if (f.has("temperature")) {
      Fields t = f.object("temperature");
      String model = t.text("model");
      temperature =
          Optional.of(
              switch (model) {
                case "air" -> {
                  t.only("model", "coupling", "offsetC", "noiseC");
                  yield new Device.Air(
                      t.has("coupling") ? t.number("coupling", 0, 3) : 1,
                      t.has("offsetC") ? t.number("offsetC", -20, 40) : 0,
                      t.has("noiseC") ? t.number("noiseC", 0, 5) : 0.1);
                }
                case "reefer" -> {
                  t.only("model", "setpointC", "warmUp", "pullDown", "noiseC");
                  Duration warm = t.has("warmUp") ? t.duration("warmUp") : Duration.ofHours(24);
                  Duration pull = t.has("pullDown") ? t.duration("pullDown") : Duration.ofHours(2);
                  if (warm.isZero() || pull.isZero()) {
                    throw t.error(warm.isZero() ? "warmUp" : "pullDown", "must be positive");
                  }
                  yield new Device.Reefer(
                      t.number("setpointC", -70, 30),
                      warm,
                      pull,
                      t.has("noiseC") ? t.number("noiseC", 0, 5) : 0.1);
                }
                default ->
                    throw t.error("model", "expected \"air\" or \"reefer\", got \"" + model + "\"");
              });
    }
    Optional<Device.Humidity> humidity = Optional.empty();
    if (f.has("humidity")) {
      Fields h = f.object("humidity").only("baseRh", "swingRhPerC", "noiseRh");
      humidity =
          Optional.of(
              new Device.Humidity(
                  h.number("baseRh", 0, 100),
                  h.has("swingRhPerC") ? h.number("swingRhPerC", 0, 10) : 2.5,
                  h.has("noiseRh") ? h.number("noiseRh", 0, 20) : 1));
    }
    Optional<Device.Gps> gps = Optional.empty();
    if (f.has("gps")) {
      Fields g = f.object("gps").only("noiseM");
      gps = Optional.of(new Device.Gps(g.has("noiseM") ? g.number("noiseM", 0, 1000) : 5));
    }
    Optional<Device.Mass> mass = Optional.empty();
    if (f.has("mass")) {
      Fields m = f.object("mass").only("profile", "noiseKg");
      List<LoadCell.Point> profile = new ArrayList<>();
      Instant previous = null;
      for (Fields p : m.objects("profile", true)) {
        p.only("at", "kg");
        Instant at = offset(p, "at");
        if (previous != null && at.isBefore(previous)) {
          throw p.error("at", "profile points must be in time order");
        }
        previous = at;
        profile.add(new LoadCell.Point(at, p.number("kg", 0, 1e9)));
      }
      if (profile.isEmpty()) {
        throw m.error("profile", "needs at least one point");
      }
      mass =
          Optional.of(
              new Device.Mass(
                  List.copyOf(profile), m.has("noiseKg") ? m.number("noiseKg", 0, 1e6) : 0));
    }
    Optional<Device.Shock> shock = Optional.empty();
    if (f.has("shock")) {
      f.object("shock").only();
      shock = Optional.of(new Device.Shock());
    }
    return new Device.Sensors(temperature, humidity, gps, mass, shock);
  }

  // --- scans -----------------------------------------------------------------------------------

  private ScanEvent scan(Fields f) throws ScenarioException {
    f.only("at", "device", "biz", "epc", "loc");
    Instant at = offset(f, "at");
    Device d = deviceRef(f, "device");
    if (d.kind() != Device.Kind.SCANNER) {
      throw f.error("device", "\"" + d.id() + "\" is a logger, not a scanner");
    }
    if (!d.active().contains(at)) {
      throw f.error("at", "device \"" + d.id() + "\" is not active then");
    }
    String biz = f.text("biz");
    if (!BUSINESS_STEPS.contains(biz)) {
      throw f.error("biz", "\"" + biz + "\" is not a CBV business step (e.g. shipping, receiving)");
    }
    String scanned = f.text("epc");
    String epc = epc(scanned, f.at("epc"));
    Optional<String> loc;
    if (f.has("loc")) {
      Location l = locationRef(f, "loc");
      loc = l.sgln();
      if (loc.isEmpty()) {
        throw f.error("loc", "location \"" + l.id() + "\" has no gln");
      }
    } else {
      loc = d.site().flatMap(Location::sgln);
    }
    return new ScanEvent(at, d.id(), scanned, epc, biz, loc);
  }

  private String epc(String scanned, String field) throws ScenarioException {
    ScanResult r = ScanParser.parse(scanned);
    if (r instanceof ScanResult.Rejected bad) {
      throw new ScenarioException(file, field, "not valid GS1 data: " + bad.message());
    }
    return ((ScanResult.Accepted) r).epc();
  }

  private Device deviceRef(Fields f, String name) throws ScenarioException {
    String id = f.text(name);
    Device d = devices.get(id);
    if (d == null) {
      throw f.error(name, "no device \"" + id + "\"; devices are " + devices.keySet());
    }
    return d;
  }

  // --- faults ----------------------------------------------------------------------------------

  private Fault fault(Fields f) throws ScenarioException {
    String kind = f.text("kind");
    Instant from = offset(f, "start");
    Duration duration = f.duration("duration");
    if (duration.isZero()) {
      throw f.error("duration", "must be positive");
    }
    TimeWindow window = TimeWindow.of(from, duration);
    if (window.end().isAfter(end)) {
      throw f.error("duration", "the fault outlasts the scenario");
    }
    String why = f.optionalText("why").orElse(kind);
    return switch (kind) {
      case "reefer-failure" -> {
        f.only("kind", "device", "start", "duration", "why", "expect");
        Device d = deviceRef(f, "device");
        if (!(d.sensors().temperature().orElse(null) instanceof Device.Reefer)) {
          throw f.error("device", "\"" + d.id() + "\" has no reefer temperature sensor");
        }
        yield new Fault.ReeferFailure(d.id(), window, why, expect(f, Optional.of(d)));
      }
      case "humidity-excursion" -> {
        f.only("kind", "device", "start", "duration", "peakRh", "why", "expect");
        Device d = deviceRef(f, "device");
        if (d.sensors().humidity().isEmpty()) {
          throw f.error("device", "\"" + d.id() + "\" has no humidity sensor");
        }
        yield new Fault.HumidityExcursion(
            d.id(), window, f.number("peakRh", 0, 100), why, expect(f, Optional.of(d)));
      }
      case "gps-jump" -> {
        f.only("kind", "device", "start", "duration", "to", "why", "expect");
        Device d = deviceRef(f, "device");
        if (d.sensors().gps().isEmpty()) {
          throw f.error("device", "\"" + d.id() + "\" has no GPS");
        }
        GeoPoint to = point(f.object("to").only("lat", "lon"));
        yield new Fault.GpsJump(d.id(), window, to, why, expect(f, Optional.of(d)));
      }
      case "detour" -> {
        f.only("kind", "start", "duration", "to", "why", "expect");
        GeoPoint to = point(f.object("to").only("lat", "lon"));
        yield new Fault.Detour(window, to, why, expect(f, Optional.empty()));
      }
      default ->
          throw f.error(
              "kind",
              "expected reefer-failure, humidity-excursion, gps-jump or detour, got \""
                  + kind
                  + "\"");
    };
  }

  private Optional<Expectation> expect(Fields fault, Optional<Device> faultDevice)
      throws ScenarioException {
    if (!fault.has("expect")) {
      return Optional.empty();
    }
    Fields f = fault.object("expect");
    f.only(
        "device", "measurement", "above", "forAtLeast", "recoveredWithin", "jumpKm", "offRouteKm");
    Device d;
    if (f.has("device")) {
      d = deviceRef(f, "device");
    } else {
      d = faultDevice.orElseThrow(() -> f.error("device", "missing"));
    }
    int variants =
        (f.has("measurement") ? 1 : 0) + (f.has("jumpKm") ? 1 : 0) + (f.has("offRouteKm") ? 1 : 0);
    if (variants != 1) {
      throw f.error("give exactly one of measurement (with above), jumpKm and offRouteKm");
    }
    if (f.has("measurement")) {
      String m = f.text("measurement");
      if (!d.sensors().reports(m)) {
        throw f.error("measurement", "device \"" + d.id() + "\" does not report " + m);
      }
      Optional<Duration> recovered =
          f.has("recoveredWithin") ? Optional.of(f.duration("recoveredWithin")) : Optional.empty();
      return Optional.of(
          new Expectation.Exceeds(
              d.id(), m, f.number("above"), f.duration("forAtLeast"), recovered));
    }
    if (d.sensors().gps().isEmpty()) {
      throw f.error("device", "device \"" + d.id() + "\" has no GPS to show it");
    }
    if (f.has("jumpKm")) {
      return Optional.of(new Expectation.Jump(d.id(), f.number("jumpKm", 0, 20_000)));
    }
    return Optional.of(new Expectation.OffRoute(d.id(), f.number("offRouteKm", 0, 20_000)));
  }

  private static void checkOverlaps(List<Fault> faults, List<Fields> fields)
      throws ScenarioException {
    for (int i = 0; i < faults.size(); i++) {
      for (int j = 0; j < i; j++) {
        Fault a = faults.get(j);
        Fault b = faults.get(i);
        if (a.kind().equals(b.kind())
            && a.device().equals(b.device())
            && a.window().overlaps(b.window())) {
          throw fields.get(i).error("start", "overlaps faults[" + j + "] of the same kind");
        }
      }
    }
  }

  // --- the track -------------------------------------------------------------------------------

  private Track track(List<Fields> legFields, List<Fault> faults, List<Fields> faultFields)
      throws ScenarioException {
    Leg first = legs.get(0);
    Location origin = first instanceof Leg.Move m ? m.from() : first.destination();
    Track.Builder b = Track.startingAt(origin.point(), start);
    boolean[] used = new boolean[faults.size()];
    for (int i = 0; i < legs.size(); i++) {
      Leg leg = legs.get(i);
      Instant next = i + 1 < legs.size() ? legs.get(i + 1).start() : end;
      b.stayUntil(leg.start());
      if (leg instanceof Leg.Move m) {
        Track.Detour detour = null;
        for (int k = 0; k < faults.size(); k++) {
          if (faults.get(k) instanceof Fault.Detour d
              && !d.window().start().isBefore(m.start())
              && d.window().start().isBefore(next)) {
            if (detour != null) {
              throw faultFields.get(k).error("start", "a leg can have one detour");
            }
            detour = new Track.Detour(d.window(), d.to());
            used[k] = true;
            try {
              b.move(m.path(), m.speedKmh(), m.transport(), detour);
            } catch (IllegalArgumentException e) {
              throw faultFields.get(k).error(e.getMessage() + " (legs[" + i + "])");
            }
          }
        }
        if (detour == null) {
          b.move(m.path(), m.speedKmh(), m.transport());
        }
        if (b.now().isAfter(next)) {
          double km = 0;
          GeoPoint p = m.from().point();
          for (GeoPoint q : m.path()) {
            km += p.distanceKm(q);
            p = q;
          }
          throw legFields
              .get(i)
              .error(
                  String.format(
                      Locale.ROOT,
                      "arrives at %s (%.0f km at %.0f km/h%s), after %s at %s",
                      since(b.now()),
                      km,
                      m.speedKmh(),
                      detour == null ? "" : ", with the detour",
                      i + 1 < legs.size() ? "legs[" + (i + 1) + "] starts" : "the scenario ends",
                      since(next)));
        }
      }
      b.stayUntil(next);
    }
    for (int k = 0; k < faults.size(); k++) {
      if (faults.get(k) instanceof Fault.Detour && !used[k]) {
        throw faultFields.get(k).error("start", "a detour must start during a move leg");
      }
    }
    return b.build();
  }

  // --- declarations ----------------------------------------------------------------------------

  private Declaration declaration(Fields f) throws ScenarioException {
    f.only("id", "kind", "country", "at", "gsin", "hsCode", "origin", "description");
    String kind = f.text("kind");
    if (!kind.equals("export") && !kind.equals("import")) {
      throw f.error("kind", "expected \"export\" or \"import\", got \"" + kind + "\"");
    }
    String gsin = f.text("gsin");
    try {
      ElementString.parse("(402)" + gsin);
    } catch (Gs1Exception e) {
      throw f.error("gsin", e.getMessage());
    }
    String hs = f.text("hsCode");
    if (!HS_CODE.matcher(hs).matches()) {
      throw f.error("hsCode", "expected 6 to 10 digits, got \"" + hs + "\"");
    }
    return new Declaration(
        f.text("id"),
        kind,
        country(f, "country"),
        offset(f, "at"),
        gsin,
        hs,
        country(f, "origin"),
        f.optionalText("description").orElse(""));
  }

  // --- time ------------------------------------------------------------------------------------

  /** An offset from the scenario's start, within the scenario. */
  private Instant offset(Fields f, String name) throws ScenarioException {
    Instant t = start.plus(f.duration(name));
    if (t.isAfter(end)) {
      throw f.error(name, "is after the end of the scenario " + since(end));
    }
    return t;
  }

  /** An instant as an offset from the start, e.g. {@code P12DT8H}. */
  private String since(Instant t) {
    Duration d = Duration.between(start, t).withNanos(0);
    long days = d.toDays();
    Duration rest = d.minusDays(days);
    String time = rest.isZero() ? "" : rest.toString().substring(1);
    return days == 0 ? "P" + (time.isEmpty() ? "T0S" : time) : "P" + days + "D" + time;
  }
}
