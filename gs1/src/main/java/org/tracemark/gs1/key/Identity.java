package org.tracemark.gs1.key;

/**
 * Something an EPCIS event can name: an object, a class of objects or a location, each of which has
 * both an EPC URN and a GS1 Digital Link form.
 *
 * <p>Instance level: {@link Sgtin}, {@link Sscc}, {@link Grai} (with serial), {@link Giai}. Class
 * level: {@link Gtin}, {@link Lgtin}. Location: {@link Sgln}. The set is sealed so that a
 * conversion can be total over it; the EPC Tag Data Standard defines more schemes (GDTI, GSRN,
 * ITIP, ...) that Tracemark does not use yet.
 */
public sealed interface Identity permits Gtin, Sgtin, Lgtin, Sscc, Sgln, Grai, Giai {}
