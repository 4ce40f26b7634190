/**
 * EPCIS 2.0 events. {@link org.tracemark.epcis.EventHash} computes the CBV 2.0 "EPCIS Event Hash
 * ID" of an event in JSON / JSON-LD: a canonical pre-hash string, hashed with SHA-256 and written
 * as an RFC 6920 {@code ni:} URI.
 */
package org.tracemark.epcis;
