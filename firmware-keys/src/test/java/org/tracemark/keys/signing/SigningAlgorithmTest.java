package org.tracemark.keys.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SigningAlgorithmTest {

  @Test
  void coseValuesAreTheRegisteredOnes() throws Exception {
    assertThat(SigningAlgorithm.fromCose(-8)).isEqualTo(SigningAlgorithm.ED25519);
    assertThat(SigningAlgorithm.fromCose(-7)).isEqualTo(SigningAlgorithm.ES256);
    assertThat(SigningAlgorithm.ED25519.coseName()).isEqualTo("EdDSA");
    assertThat(SigningAlgorithm.ES256.coseName()).isEqualTo("ES256");
    assertThat(SigningAlgorithm.ES256.curve()).isEqualTo("P-256");
    assertThat(SigningAlgorithm.values()).hasSize(2);
  }

  @Test
  void everyOtherValueIsATypedErrorNamingIt() {
    // -19 is the fully-specified Ed25519, -35 ES384, -257 RS256: valid COSE, not reading v1.
    for (long value : new long[] {-19, -35, -257, 0, 8, Long.MIN_VALUE, Long.MAX_VALUE}) {
      assertThatThrownBy(() -> SigningAlgorithm.fromCose(value))
          .isInstanceOfSatisfying(
              UnsupportedAlgorithmException.class, e -> assertThat(e.coseValue()).isEqualTo(value))
          .hasMessageContaining("COSE alg " + value + " is not supported")
          .hasMessageContaining("-8 (EdDSA), -7 (ES256)");
    }
  }
}
