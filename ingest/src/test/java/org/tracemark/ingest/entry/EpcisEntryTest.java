package org.tracemark.ingest.entry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EpcisEntryTest {

  private static final String HASH =
      "ni:///sha-256;6ae96341e0acc6d7a261364751f60e68278a81cdf51da0abb6b4e617014e39d7?ver=CBV2.0";
  private static final UUID ORG = UUID.fromString("8d1f4c1e-3a5b-4f61-9d0e-2b7c6a5d4e3f");

  @Test
  void anEntryIsTheDeterministicMapOfDesignSection3AndReadsBack() {
    byte[] event = "{\"type\":\"ObjectEvent\"}".getBytes(UTF_8);
    byte[] entry = EpcisEntry.encode(HASH, event, ORG, 1_764_000_000_000L);

    CBORObject decoded = CBORObject.DecodeFromBytes(entry);
    assertThat(decoded.get("t").AsString()).isEqualTo("epcis");
    // Deterministic encoding: keys sorted by their encoded bytes, shorter first.
    assertThat(decoded.getKeys().stream().map(CBORObject::AsString))
        .containsExactly("t", "rx", "org", "hash", "event");
    assertThat(EpcisEntry.read(entry))
        .hasValueSatisfying(
            read -> {
              assertThat(read.hash()).isEqualTo(HASH);
              assertThat(read.event()).hasValueSatisfying(e -> assertThat(e).isEqualTo(event));
              assertThat(read.org()).isEqualTo(ORG.toString());
              assertThat(read.receivedAtMillis()).isEqualTo(1_764_000_000_000L);
            });
    assertThat(ReadingEntry.read(entry)).isEmpty();
  }

  @Test
  void anEventTooLargeForAnEntryIsLeftOutAndTheHashKept() {
    byte[] event = new byte[70_000];
    Arrays.fill(event, (byte) 'x');
    byte[] entry = EpcisEntry.encode(HASH, event, ORG, 1);
    assertThat(entry.length).isLessThan(ReadingEntry.MAX_ENTRY_BYTES);
    assertThat(EpcisEntry.read(entry))
        .hasValueSatisfying(
            read -> {
              assertThat(read.hash()).isEqualTo(HASH);
              assertThat(read.event()).isEmpty();
            });
  }

  @Test
  void otherEntriesAreNotEpcisAndMalformedOnesAreRefused() {
    assertThat(EpcisEntry.read(ReadingEntry.encode(new byte[] {1}, 5))).isEmpty();
    CBORObject noOrg = CBORObject.NewMap().Add("t", "epcis").Add("hash", HASH).Add("rx", 1);
    assertThatThrownBy(() -> EpcisEntry.read(noOrg.EncodeToBytes()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("org");
    assertThatThrownBy(() -> EpcisEntry.read(new byte[] {(byte) 0xff}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EpcisEntry.encode("sha256:abc", new byte[0], ORG, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
