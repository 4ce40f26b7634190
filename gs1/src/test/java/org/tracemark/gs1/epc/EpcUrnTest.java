package org.tracemark.gs1.epc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.Vectors;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.gs1.key.CompanyPrefix;
import org.tracemark.gs1.key.CompanyPrefixLookup;
import org.tracemark.gs1.key.Gln;
import org.tracemark.gs1.key.Grai;
import org.tracemark.gs1.key.Identity;
import org.tracemark.gs1.key.Sgln;

class EpcUrnTest {

  @Test
  void tagDataStandardExamplesConvertBothWays() throws Gs1Exception {
    for (String[] row : Vectors.rows("epc-tds-examples.txt")) {
      EpcUrn urn = EpcUrn.parse(row[0]);
      int prefixLength = Integer.parseInt(row[2]);

      assertThat(urn.toElementString().toHumanReadable()).as(row[3]).isEqualTo(row[1]);
      assertThat(urn.companyPrefixLength()).isEqualTo(prefixLength);
      Identity identity = ElementString.parseHumanReadable(row[1]).toIdentity();
      assertThat(EpcUrn.of(identity, prefixLength).toString()).as(row[3]).isEqualTo(row[0]);
      assertThat(EpcUrn.of(identity, prefixLength)).isEqualTo(urn);
    }
  }

  @Test
  void digitalLinkOfAnUrn() throws Gs1Exception {
    assertThat(EpcUrn.parse("urn:epc:id:sgtin:0614141.812345.6789").toDigitalLink().toUri())
        .isEqualTo("https://id.gs1.org/01/80614141123458/21/6789");
    assertThat(EpcUrn.parse("urn:epc:id:sgln:0614141.12345.400").toDigitalLink().toUri())
        .isEqualTo("https://id.gs1.org/414/0614141123452/254/400");
  }

  @Test
  void prefixLengthFromALookup() throws Gs1Exception {
    Identity sgln = Sgln.of(Gln.parse("0614141123452"), "400");
    CompanyPrefixLookup registry = CompanyPrefixLookup.of(List.of(CompanyPrefix.of("0614141")));

    assertThat(EpcUrn.of(sgln, registry).toString()).isEqualTo("urn:epc:id:sgln:0614141.12345.400");
    assertThatThrownBy(() -> EpcUrn.of(sgln, CompanyPrefixLookup.of(List.of())))
        .isInstanceOfSatisfying(
            Gs1Exception.class, e -> assertThat(e.code().id()).isEqualTo("unknown-company-prefix"));
  }

  @Test
  void prefixLengthMustFitTheEpcPartitionRange() throws Gs1Exception {
    Identity sscc = ElementString.parse("(00)106141412345678908").toIdentity();

    for (int bad : new int[] {5, 13, 0}) {
      assertThatThrownBy(() -> EpcUrn.of(sscc, bad))
          .isInstanceOfSatisfying(
              Gs1Exception.class, e -> assertThat(e.code().id()).isEqualTo("bad-value"));
    }
    assertThat(EpcUrn.of(sscc, 12).toString()).isEqualTo("urn:epc:id:sscc:061414123456.17890");
  }

  @Test
  void graiWithoutSerialHasNoEpc() throws Gs1Exception {
    assertThatThrownBy(() -> EpcUrn.of(Grai.parse("00614141123452"), 7))
        .isInstanceOfSatisfying(
            Gs1Exception.class, e -> assertThat(e.code().id()).isEqualTo("unsupported"));
  }

  @Test
  void glnExtensionZeroSharesTheUrnOfNoExtension() throws Gs1Exception {
    Sgln withZero = Sgln.of(Gln.parse("0614141123452"), "0");

    EpcUrn urn = EpcUrn.of(withZero, 7);

    assertThat(urn.toString()).isEqualTo("urn:epc:id:sgln:0614141.12345.0");
    assertThat(EpcUrn.parse(urn.toString()).identity()).isEqualTo(Sgln.of(withZero.gln()));
  }

  @Test
  void errorsPointIntoTheUrn() {
    assertThatThrownBy(() -> EpcUrn.parse("urn:epc:id:sgtin:0614141.812345.A B"))
        .isInstanceOfSatisfying(
            Gs1Exception.class,
            e -> {
              assertThat(e.code().id()).isEqualTo("bad-character");
              assertThat(e.position()).hasValue(34);
            });
    assertThatThrownBy(() -> EpcUrn.parse("urn:epc:id:sscc:0614141.123456789X"))
        .isInstanceOfSatisfying(Gs1Exception.class, e -> assertThat(e.position()).hasValue(34));
  }
}
