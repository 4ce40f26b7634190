/** GS1 Digital Link URIs: parsing on any domain, validation, canonical building. */
package org.tracemark.gs1.digitallink;
