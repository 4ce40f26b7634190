/**
 * Barcode scanner input: {@link org.tracemark.edge.scan.ScanParser} turns what a scanner sends
 * (element strings with FNC1, bracketed element strings, Digital Link URIs, plain EAN/UPC digits)
 * into the canonical GS1 Digital Link URI a scan reading carries, or a typed rejection with the gs1
 * library's error code.
 */
package org.tracemark.edge.scan;
