/** Scanned data in any GS1 carrier form, read as one element string. */
package org.tracemark.gs1.scan;
