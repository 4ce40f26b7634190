package org.tracemark.keys.cose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.upokecenter.cbor.CBORObject;
import org.junit.jupiter.api.Test;

class CoseSign1Test {

  /** The hand-written Sig_structure equals the CBOR library's, across every head size. */
  @Test
  void sigStructureIsTheDeterministicCborOfTheFourElementArray() {
    qt().withExamples(300)
        .forAll(integers().between(0, 70_000), integers().from(0).upToAndIncluding(300))
        .checkAssert(
            (payloadLength, protectedLength) -> {
              byte[] protectedBytes = filled(protectedLength, 7);
              byte[] payload = filled(payloadLength, 13);
              CBORObject reference = CBORObject.NewArray();
              reference.Add("Signature1");
              reference.Add(protectedBytes);
              reference.Add(new byte[0]);
              reference.Add(payload);
              assertThat(CoseSign1.toBeSigned(protectedBytes, payload))
                  .isEqualTo(reference.EncodeToBytes());
            });
    for (int boundary : new int[] {0, 23, 24, 255, 256, 65_535, 65_536}) {
      byte[] payload = filled(boundary, 3);
      CBORObject reference = CBORObject.NewArray();
      reference.Add("Signature1");
      reference.Add(new byte[] {1});
      reference.Add(new byte[0]);
      reference.Add(payload);
      assertThat(CoseSign1.toBeSigned(new byte[] {1}, payload))
          .as("payload of %d bytes", boundary)
          .isEqualTo(reference.EncodeToBytes());
    }
  }

  private static byte[] filled(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (i * seed);
    }
    return bytes;
  }
}
