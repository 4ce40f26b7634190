package org.tracemark.edge.sensor.scenario;

import java.util.Optional;
import org.tracemark.edge.sensor.Climate;
import org.tracemark.edge.sensor.GeoPoint;
import org.tracemark.gs1.key.Gln;

/**
 * A named place of a scenario: a farm, a silo, a port, a fishing ground.
 *
 * @param id the name scenario files use for it, e.g. {@code cbh-merredin}
 * @param gln its Global Location Number, for places that have one (not a fishing ground)
 * @param sgln the GLN as an EPC URN, {@code urn:epc:id:sgln:…}: a scan's {@code loc}
 * @param country ISO 3166-1 alpha-2
 * @param climate its climate, when a scenario gives one (else estimated from latitude)
 */
public record Location(
    String id,
    String name,
    Optional<Gln> gln,
    Optional<String> sgln,
    GeoPoint point,
    String country,
    Optional<Climate> climate) {}
