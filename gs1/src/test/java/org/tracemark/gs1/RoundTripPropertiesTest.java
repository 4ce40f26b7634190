package org.tracemark.gs1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.tracemark.gs1.Generators.unchecked;

import org.junit.jupiter.api.Test;
import org.tracemark.gs1.digitallink.DigitalLink;
import org.tracemark.gs1.element.ElementString;
import org.tracemark.gs1.epc.EpcUrn;
import org.tracemark.gs1.epc.EpcisIdentifier;
import org.tracemark.gs1.key.Giai;
import org.tracemark.gs1.key.Grai;
import org.tracemark.gs1.key.Gtin;
import org.tracemark.gs1.key.Lot;
import org.tracemark.gs1.key.Serial;

/** parse(build(x)) == x for every representation, over random valid values. */
class RoundTripPropertiesTest {

  @Test
  void gtinRoundTripsThroughItsOriginalForm() {
    qt().forAll(Generators.gtins())
        .checkAssert(
            gtin -> {
              Gtin again = unchecked(() -> Gtin.parse(gtin.original()));
              assertThat(again).isEqualTo(gtin);
              assertThat(again.format()).isEqualTo(gtin.format());
            });
  }

  @Test
  void lotAndSerialAcceptAllOfCharacterSet82() {
    qt().forAll(Generators.cset82(1, 20))
        .checkAssert(
            text -> {
              assertThat(unchecked(() -> Lot.of(text)).value()).isEqualTo(text);
              assertThat(unchecked(() -> Serial.of(text)).value()).isEqualTo(text);
            });
  }

  @Test
  void elementStringsRoundTripInBothSpellings() {
    qt().forAll(Generators.elementStrings())
        .checkAssert(
            es -> {
              assertThat(unchecked(() -> ElementString.parse(es.toHumanReadable()))).isEqualTo(es);
              assertThat(unchecked(() -> ElementString.parse(es.toBarcodeData()))).isEqualTo(es);
              assertThat(unchecked(() -> ElementString.parse("]d2" + es.toBarcodeData())))
                  .isEqualTo(es);
            });
  }

  @Test
  void digitalLinksRoundTripOnAnyBase() {
    qt().forAll(Generators.elementStrings())
        .checkAssert(
            es -> {
              DigitalLink link = unchecked(() -> DigitalLink.of(es));
              assertThat(unchecked(() -> DigitalLink.parse(link.toUri()))).isEqualTo(link);
              assertThat(
                      unchecked(() -> DigitalLink.parse(link.toUri("https://brand.example/p/q/"))))
                  .isEqualTo(link);
              assertThat(unchecked(() -> DigitalLink.of(link.toElementString()))).isEqualTo(link);
              assertThat(link.toElementString().elements())
                  .containsExactlyInAnyOrderElementsOf(es.elements());
            });
  }

  @Test
  void epcUrnsRoundTripAndAgreeWithDigitalLinks() {
    qt().forAll(Generators.identities(), Generators.epcPrefixLengths())
        .assuming((id, length) -> fitsPrefix(id, length))
        .checkAssert(
            (identity, length) -> {
              EpcUrn urn = unchecked(() -> EpcUrn.of(identity, length));
              assertThat(unchecked(() -> EpcUrn.parse(urn.toString()))).isEqualTo(urn);
              assertThat(urn.identity()).isEqualTo(identity);
              String link = EpcisIdentifier.toDigitalLink(identity);
              assertThat(unchecked(() -> EpcisIdentifier.parse(link))).isEqualTo(identity);
              assertThat(unchecked(() -> EpcisIdentifier.parse(urn.toString())))
                  .isEqualTo(identity);
              assertThat(unchecked(() -> DigitalLink.parse(link).toIdentity())).isEqualTo(identity);
              assertThat(unchecked(() -> ElementString.of(identity).toIdentity()))
                  .isEqualTo(identity);
            });
  }

  /** A GIAI needs digits in the prefix positions and an asset reference after them. */
  private static boolean fitsPrefix(Object identity, int length) {
    if (identity instanceof Giai giai) {
      String v = giai.value();
      return v.length() > length && v.substring(0, length).chars().allMatch(Character::isDigit);
    }
    if (identity instanceof Grai grai) {
      return grai.hasSerial();
    }
    return true;
  }
}
