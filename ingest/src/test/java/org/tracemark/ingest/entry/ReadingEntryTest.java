package org.tracemark.ingest.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.tracemark.keys.reading.SignedReading;

class ReadingEntryTest {

  @Test
  void anEntryIsTheDeterministicMapOfDesignSection3() {
    byte[] entry = ReadingEntry.encode(new byte[] {(byte) 0xd2, (byte) 0x84}, 1_764_000_000_000L);
    // Keys sorted by their encoding (shorter first): "t", "rx", "cose"; rx as a 64-bit uint.
    assertThat(HexFormat.of().formatHex(entry))
        .isEqualTo(
            "a3"
                + "6174"
                + "677265616469"
                + "6e67"
                + "627278"
                + "1b"
                + String.format("%016x", 1_764_000_000_000L)
                + "64636f7365"
                + "42d284");
    CBORObject decoded = CBORObject.DecodeFromBytes(entry);
    assertThat(decoded.get("t").AsString()).isEqualTo("reading");
    assertThat(decoded.get("cose").GetByteString()).containsExactly(0xd2, 0x84);
  }

  @Test
  void theLargestAcceptedMessageStillFitsAnEntry() {
    byte[] message = new byte[SignedReading.MAX_MESSAGE_BYTES];
    assertThat(ReadingEntry.encode(message, 0).length).isLessThanOrEqualTo(65_535);
    assertThatThrownBy(() -> ReadingEntry.encode(new byte[SignedReading.MAX_MESSAGE_BYTES + 1], 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
