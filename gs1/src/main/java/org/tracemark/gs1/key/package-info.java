/**
 * GS1 keys as immutable records: a key that exists has passed its format and check-digit rules,
 * whether built by a factory (typed {@link org.tracemark.gs1.Gs1Exception}) or by its record
 * constructor ({@link java.lang.IllegalArgumentException}). {@link org.tracemark.gs1.key.Identity}
 * is the sealed set of things EPCIS can name.
 */
package org.tracemark.gs1.key;
