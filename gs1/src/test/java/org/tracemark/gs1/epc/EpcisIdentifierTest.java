package org.tracemark.gs1.epc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Vectors;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.gs1.key.CompanyPrefixLookup;
import org.tracemark.gs1.key.Identity;

class EpcisIdentifierTest {

  @Test
  void urnAndDigitalLinkFormsReadAsTheSameIdentity() throws Gs1Exception {
    for (String[] row : Vectors.rows("epcis-identifiers.txt")) {
      if (row[1].startsWith("!")) {
        assertThatThrownBy(() -> EpcisIdentifier.parse(row[0]))
            .as(row[0])
            .isInstanceOfSatisfying(
                Gs1Exception.class,
                e -> assertThat(e.code().id()).as(e.getMessage()).isEqualTo(row[1].substring(1)));
      } else {
        Identity expected = ElementString.parseHumanReadable(row[1]).toIdentity();
        assertThat(EpcisIdentifier.parse(row[0])).as(row[0]).isEqualTo(expected);
      }
    }
  }

  @Test
  void writesEitherForm() throws Gs1Exception {
    Identity sgtin = EpcisIdentifier.parse("https://example.com/01/04012345111118/21/987");

    assertThat(EpcisIdentifier.toDigitalLink(sgtin))
        .isEqualTo("https://id.gs1.org/01/04012345111118/21/987");
    assertThat(EpcisIdentifier.toUrn(sgtin, CompanyPrefixLookup.fixed(7)))
        .isEqualTo("urn:epc:id:sgtin:4012345.011111.987");
  }
}
