/**
 * Supply-chain scenarios as data: {@link org.tracemark.edge.sensor.scenario.Scenario} loads and
 * checks a JSON file, {@link org.tracemark.edge.sensor.scenario.DeviceTimeline} turns it into the
 * observations one device makes, and {@link org.tracemark.edge.sensor.scenario.ScenarioRun} plays
 * them against a sped-up {@link org.tracemark.edge.sensor.scenario.SimulatedClock}. The shipped
 * scenarios are {@code /scenarios/grain.json}, {@code fish.json} and {@code import.json}.
 *
 * <h2>File format ({@code tracemark-scenario/1})</h2>
 *
 * <p>Times are ISO-8601 durations from {@code start} ({@code PT0S}, {@code P3DT8H30M}); unknown
 * fields are errors, so a typo cannot fall back to a default.
 *
 * <pre>
 * format          "tracemark-scenario/1"
 * name            a-z0-9-, e.g. "fish";  title: text (optional)
 * start           instant, e.g. "2025-09-01T21:00:00Z";  duration: e.g. "P46D"
 * seed            integer: seed of all simulated noise
 * companyPrefixes ["9522001", ...]: GS1 Company Prefixes, to write GLNs as SGLN URNs
 * locations[]     id, name?, lat, lon, country (ISO alpha-2), gln? (13 digits, check digit
 *                 verified), climate? {meanC, diurnalRangeC}
 * legs[]          consecutive; each lasts until the next one starts (the last until the end)
 *   stay          kind "stay", start, at (location id), limits?
 *   move          kind "move", start, from, to, via? [{lat, lon}], by (truck | rail | ship |
 *                 fishing-vessel), speedKmh or speedKn (plausible for "by"), limits?
 *   limits        {temperature | humidity | mass | shock: {min?, max?}}: allowed bands
 * devices[]       id (suffix of the device id), kind (logger | scanner), site? (location id:
 *                 fixed there; else it travels with the goods), active? {from?, to?}
 *   logger        interval, obj? [EPCs it is attached to, any scanner form], sensors:
 *     temperature {model "air", coupling?=1, offsetC?=0, noiseC?=0.1}
 *                 | {model "reefer", setpointC, warmUp?=PT24H, pullDown?=PT2H, noiseC?=0.1}
 *     humidity    {baseRh, swingRhPerC?=2.5, noiseRh?=1}
 *     gps         {noiseM?=5}
 *     mass        {profile: [{at, kg}], noiseKg?=0}
 *     shock       {}
 * scans[]         at, device (a scanner), biz (CBV step), epc (element string or Digital Link,
 *                 check digits verified), loc? (location id with a gln; default the scanner's site)
 * faults[]        kind, start, duration, why?, expect?
 *   reefer-failure     device (with a reefer temperature)
 *   humidity-excursion device (with humidity), peakRh
 *   gps-jump           device (with gps), to {lat, lon}
 *   detour             to {lat, lon}: the goods leave the route to stop there (a move leg)
 *   expect        device? (default the fault's), and one of:
 *                 measurement, above, forAtLeast, recoveredWithin?   (an excursion)
 *                 jumpKm     (two consecutive fixes at least this far apart)
 *                 offRouteKm (fixes this far from the planned route during the fault only)
 * declarations[]  id, kind (export | import), country, at, gsin (17 digits), hsCode (6-10
 *                 digits), origin (country), description?
 * </pre>
 */
package org.tracemark.edge.sensor.scenario;
