/**
 * EPC pure identity URNs (EPC Tag Data Standard) and the EPCIS 2.0 rule that an identifier may come
 * as an EPC URN or as a GS1 Digital Link URI.
 */
package org.tracemark.gs1.epc;
