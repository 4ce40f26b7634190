package org.tracemark.gs1.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.tracemark.gs1.Gs1Exception;
import org.tracemark.gs1.element.ElementString;

class ScanDataTest {

  @Test
  void everyCarrierFormGivesTheSameMessage() throws Gs1Exception {
    ElementString expected = ElementString.parse("(01)09506000134352(10)ABC(17)201225");

    assertThat(ScanData.parse("]Q1https://example.com/01/09506000134352/10/ABC?17=201225"))
        .isEqualTo(expected);
    assertThat(ScanData.parse("https://id.gs1.org/01/09506000134352/10/ABC?17=201225"))
        .isEqualTo(expected);
    assertThat(ScanData.parse("(01)09506000134352(10)ABC(17)201225")).isEqualTo(expected);
    assertThat(ScanData.parse("]d2010950600013435210ABC\u001D17201225")).isEqualTo(expected);
  }
}
