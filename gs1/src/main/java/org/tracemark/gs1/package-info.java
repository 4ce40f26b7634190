/**
 * GS1 identification for Tracemark: keys with check digits, Application Identifier element strings,
 * GS1 Digital Link URIs and EPC URNs, in plain Java with no dependencies.
 *
 * <p>Shared here: {@link org.tracemark.gs1.Gs1Exception} (the one exception, with stable error
 * codes), {@link org.tracemark.gs1.CheckDigit} and {@link org.tracemark.gs1.CharacterSet}. The
 * features live in sub-packages: {@code key} (GTIN, SSCC, GLN, ... as records), {@code element} (AI
 * table, element strings, dates), {@code digitallink}, {@code epc} (EPC URNs and EPCIS identifiers)
 * and {@code scan} (whatever a scanner read).
 */
package org.tracemark.gs1;
