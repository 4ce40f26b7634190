package org.tracemark.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // tracemark-gs1's schemes
        "urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()|https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29",
        "urn:epc:id:sgln:4012345.00005.0|https://id.gs1.org/414/4012345000054",
        "urn:epc:class:lgtin:4012345.012345.Lot987|https://id.gs1.org/01/04012345123456/10/Lot987",
        "urn:epc:idpat:sgtin:4012345.066666.*|https://id.gs1.org/01/04012345666663",
        // OtherEpcSchemes
        "urn:epc:id:gdti:4012345.00009.PO-4711|https://id.gs1.org/253/4012345000092PO-4711",
        "urn:epc:id:gdti:987659999999..9|https://id.gs1.org/253/98765999999929",
        "urn:epc:id:gsrn:4012345.0000006765|https://id.gs1.org/8018/401234500000067657",
        "urn:epc:id:gsrnp:4012345.0000000007|https://id.gs1.org/8017/401234500000000074",
        "urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234|https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234",
        "urn:epc:id:sgcn:4012345.99999.44|https://id.gs1.org/255/401234599999044",
        "urn:epc:id:ginc:0614141.xyz47%2F11|https://id.gs1.org/401/0614141xyz47%2F11",
        "urn:epc:id:gsin:4012345.222333444|https://id.gs1.org/402/40123452223334442",
        "urn:epc:id:itip:4012345.011111.01.02.987|https://id.gs1.org/8006/040123451111180102/21/987",
        "urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB|https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7'SDB",
        "urn:epc:id:pgln:999999999999.|https://id.gs1.org/417/9999999999994",
        "urn:epc:idpat:grai:4012345.66666.*|https://id.gs1.org/8003/04012345666663",
        "urn:epc:idpat:gdti:4012345.55555.*|https://id.gs1.org/253/4012345555554",
        "urn:epc:idpat:sgcn:4012345.99999.*|https://id.gs1.org/255/4012345999990",
        "urn:epc:idpat:cpi:4012345.ABC.*|https://id.gs1.org/8010/4012345ABC",
        "urn:epc:idpat:itip:4012345.012345.01.02.*|https://id.gs1.org/8006/040123451234560102",
        "urn:epc:idpat:upui:4012345.012345.*|https://id.gs1.org/01/04012345123456",
        // Digital Links: domain, query, short names, finest level only
        "https://example.com/gtin/09780345418913/21/765tz?abc=211121|https://id.gs1.org/01/09780345418913/21/765tz",
        "https://brand.example/p/01/9506000134352/10/ABC/21/S1#top|https://id.gs1.org/01/09506000134352/21/S1",
        "https://id.example.com/253/4012345000054987|https://id.gs1.org/253/4012345000054987",
        "HTTPS://id.gs1.de/414/4012345000115/254/1|https://id.gs1.org/414/4012345000115/254/1"
      })
  void convertsToTheConstrainedCanonicalDigitalLink(String input, String expected) {
    assertThat(Identifiers.canonical(input)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "urn:epc:id:sgtin:4012345.011111", // missing serial
        "urn:epc:id:gdti:4012345.5555.1", // 11 digits
        "urn:epc:id:gid:95100000.12345.400", // no GS1 key
        "urn:epc:idpat:gdti:4012345.55555.1", // not a pattern
        "urn:epcglobal:cbv:bt:4012345000009:ASN1099",
        "https://id.gs1.org/01/04012345111119/21/1", // bad check digit
        "https://id.gs1.org/415/4012345000115/8020/1", // not an EPCIS key
        "http://transaction.acme.com/po/12345678",
        "geo:47.506694,11.104301",
        ""
      })
  void leavesOtherValuesAlone(String input) {
    assertThat(Identifiers.canonical(input)).isEmpty();
  }
}
