package org.tracemark.keys.pki;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.tracemark.keys.Untrusted;
import org.tracemark.keys.device.DeviceId;

/** Building and reading the few distinguished names and alternative names this PKI uses. */
final class X509Names {

  /** ub-common-name and ub-organization-name in RFC 5280 Appendix A. */
  static final int MAX_LENGTH = 64;

  private X509Names() {}

  /** {@code CN={commonName}}, for CA certificates. */
  static X500Name ofCommonName(String commonName) throws IssuanceException {
    String problem = textProblem(commonName);
    if (problem != null) {
      throw new IssuanceException(
          IssuanceException.Reason.INVALID_NAME,
          "CA common name " + Untrusted.quote(commonName) + " " + problem);
    }
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  /** {@code O={organisation}, CN={device}}: the subject of a device certificate. */
  static X500Name ofDevice(DeviceId device, String organisation) throws IssuanceException {
    String problem = textProblem(organisation);
    if (problem != null) {
      throw new IssuanceException(
          IssuanceException.Reason.INVALID_ORGANISATION,
          "organisation " + Untrusted.quote(organisation) + " " + problem);
    }
    // Most significant first, as in DER order by convention; printed by the JDK as CN=…, O=….
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, organisation)
        .addRDN(BCStyle.CN, device.value())
        .build();
  }

  /** The single SAN entry of a device: its URN. */
  static GeneralNames deviceUrn(DeviceId device) {
    return new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, device.urn()));
  }

  /**
   * Every value of attribute {@code type} in {@code name}, in order. A value that is not a string
   * (which no conforming CN or O is) comes back as {@code null}, so the caller can count it and
   * reject it.
   */
  static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
    List<String> values = new ArrayList<>();
    for (RDN rdn : name.getRDNs()) {
      for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
        if (attribute.getType().equals(type)) {
          ASN1Encodable value = attribute.getValue();
          values.add(value instanceof ASN1String text ? text.getString() : null);
        }
      }
    }
    return values;
  }

  /** Every URI in {@code names}; non-string URIs come back as {@code null}. */
  static List<String> uris(GeneralNames names) {
    List<String> uris = new ArrayList<>();
    for (GeneralName name : names.getNames()) {
      if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
        uris.add(name.getName() instanceof ASN1String text ? text.getString() : null);
      }
    }
    return uris;
  }

  // Why a CN or O is unacceptable, or null. Control characters would let a name forge log lines
  // and render differently in every tool that prints certificates.
  private static String textProblem(String text) {
    if (text == null || text.isBlank()) {
      return "is blank";
    }
    if (text.length() > MAX_LENGTH) {
      return "is " + text.length() + " characters, over the X.509 limit of " + MAX_LENGTH;
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      return "contains control characters";
    }
    return null;
  }
}
