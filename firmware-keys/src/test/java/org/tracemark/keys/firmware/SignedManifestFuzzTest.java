package org.tracemark.keys.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.tracemark.keys.reading.GoldenVectors;
import org.tracemark.keys.signing.KeyId;
import org.tracemark.keys.signing.SignatureKey;

/**
 * Hostile bytes against the firmware manifest verifier (a device runs it on whatever arrives on its
 * retained firmware topic): an outcome for every input, never an exception, never an approval of a
 * manifest that is not newer than the installed one.
 */
class SignedManifestFuzzTest {

  private static final FirmwareVerifier VERIFIER = verifier();

  private static FirmwareVerifier verifier() {
    try {
      Map<KeyId, SignatureKey> trusted = new HashMap<>();
      for (JsonNode key : GoldenVectors.manifest("firmware").get("keys")) {
        SignatureKey signatureKey = GoldenVectors.key(key);
        trusted.put(signatureKey.kid(), signatureKey);
      }
      return new FirmwareVerifier(trusted);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest
  void verifierGivesAnOutcomeForAnyBytes(byte[] message) {
    FirmwareCheck check = VERIFIER.checkManifest(message, "reefer-logger-2", 7);
    assertThat(check).isNotNull();
    if (check instanceof FirmwareCheck.Approved approved) {
      assertThat(approved.manifest().seq()).isGreaterThan(7);
    }
  }
}
