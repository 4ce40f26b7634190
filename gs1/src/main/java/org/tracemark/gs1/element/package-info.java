/**
 * GS1 Application Identifiers and element strings: the AI table, one validated {@link
 * org.tracemark.gs1.element.Element}, a whole {@link org.tracemark.gs1.element.ElementString} in
 * bracketed or barcode (FNC1) spelling, and GS1 dates.
 */
package org.tracemark.gs1.element;
