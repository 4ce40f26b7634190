package org.tracemark.edge.sensor.scenario;

import java.time.Instant;
import java.util.Optional;

/**
 * A scanner reading a barcode during a business step.
 *
 * @param scanned the barcode's content as written in the scenario (any form {@link
 *     org.tracemark.edge.scan.ScanParser} accepts)
 * @param epc its canonical Digital Link URI: the reading's {@code epc}
 * @param biz CBV business step, e.g. {@code loading}
 * @param loc where, as an SGLN URN
 */
public record ScanEvent(
    Instant at, String device, String scanned, String epc, String biz, Optional<String> loc) {}
