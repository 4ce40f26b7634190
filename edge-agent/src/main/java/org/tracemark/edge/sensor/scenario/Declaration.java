package org.tracemark.edge.sensor.scenario;

import java.time.Instant;

/**
 * A customs declaration lodged for the shipment: data for the customs side of the platform, not
 * something a device observes.
 *
 * @param id the declaration's number at the customs authority
 * @param kind {@code export} or {@code import}
 * @param country ISO 3166-1 alpha-2 of the authority
 * @param gsin the shipment's GS1 Global Shipment Identification Number, 17 digits
 * @param hsCode Harmonized System code, 6 to 10 digits
 * @param origin declared country of origin, ISO 3166-1 alpha-2
 */
public record Declaration(
    String id,
    String kind,
    String country,
    Instant at,
    String gsin,
    String hsCode,
    String origin,
    String description) {}
