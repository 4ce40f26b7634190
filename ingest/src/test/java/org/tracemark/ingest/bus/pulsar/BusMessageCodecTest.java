package org.tracemark.ingest.bus.pulsar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.tracemark.ingest.bus.BusMessage;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.ReadingId;

class BusMessageCodecTest {

  private static final String FIRST =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String REST = FIRST + "._-";

  private static Gen<DeviceId> devices() {
    return integers()
        .between(0, FIRST.length() - 1)
        .zip(
            lists().of(integers().between(0, REST.length() - 1)).ofSizeBetween(0, 63),
            (first, rest) -> {
              StringBuilder id = new StringBuilder().append(FIRST.charAt(first));
              rest.forEach(i -> id.append(REST.charAt(i)));
              return DeviceId.of(id.toString());
            });
  }

  private static Gen<byte[]> bytes(int max) {
    return lists()
        .of(integers().between(0, 255))
        .ofSizeBetween(0, max)
        .map(BusMessageCodecTest::toBytes);
  }

  private static byte[] toBytes(List<Integer> values) {
    byte[] out = new byte[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (int) values.get(i);
    }
    return out;
  }

  private static Gen<BusMessage> messages() {
    Gen<ReadingId> ids =
        devices()
            .zip(
                longs().between(0, Long.MAX_VALUE),
                longs().between(0, Long.MAX_VALUE),
                ReadingId::of);
    return ids.zip(
        integers().between(1, Integer.MAX_VALUE),
        bytes(300),
        longs().between(0, Long.MAX_VALUE),
        (first, count, body, rx) -> new BusMessage(first, count, body, rx, rx / 2));
  }

  private static BusMessage sample() {
    return new BusMessage(
        ReadingId.of(DeviceId.of("silo-7"), 3, 41),
        2,
        new byte[] {(byte) 0xd2, 0x01},
        1_764_000_000_000L,
        1_764_000_000_000L);
  }

  @Test
  void everyMessageDecodesToWhatWasEncoded() {
    qt().forAll(messages())
        .checkAssert(
            m -> {
              BusMessage back = decodeOrFail(BusMessageCodec.encode(m));
              assertThat(back.first()).isEqualTo(m.first());
              assertThat(back.count()).isEqualTo(m.count());
              assertThat(back.message()).isEqualTo(m.message());
              assertThat(back.receivedAtMillis()).isEqualTo(m.receivedAtMillis());
              assertThat(back.deviceMillis()).isEqualTo(m.deviceMillis());
            });
  }

  @Test
  void everyTruncationAndAnyTrailingByteIsATypedError() {
    qt().withExamples(200)
        .forAll(messages())
        .checkAssert(
            m -> {
              byte[] whole = BusMessageCodec.encode(m);
              for (int cut = 0; cut < whole.length; cut++) {
                byte[] part = Arrays.copyOf(whole, cut);
                assertThatThrownBy(() -> BusMessageCodec.decode(part))
                    .isInstanceOf(MalformedBusMessageException.class);
              }
              byte[] longer = Arrays.copyOf(whole, whole.length + 1);
              assertThatThrownBy(() -> BusMessageCodec.decode(longer))
                  .isInstanceOf(MalformedBusMessageException.class)
                  .hasMessageContaining("follow at offset");
            });
  }

  @Test
  void arbitraryBytesNeverThrowAnythingButTheTypedError() {
    qt().withExamples(2000)
        .forAll(bytes(120))
        .checkAssert(
            raw -> {
              try {
                BusMessageCodec.decode(raw);
              } catch (MalformedBusMessageException expected) {
                assertThat(expected.length()).isEqualTo(raw.length);
              }
            });
  }

  @Test
  void theLayoutIsPinned() {
    // Version 1 byte by byte: another implementation (or a later version of this one) must read it.
    assertThat(HexFormat.of().formatHex(BusMessageCodec.encode(sample())))
        .isEqualTo(
            "544201"
                + "06"
                + HexFormat.of().formatHex("silo-7".getBytes(StandardCharsets.US_ASCII))
                + "0000000000000003"
                + "0000000000000029"
                + "00000002"
                + "0000019ab697e800"
                + "0000019ab697e800"
                + "00000002"
                + "d201");
  }

  @Test
  void errorsSayWhichRuleTheBytesBreak() {
    byte[] good = BusMessageCodec.encode(sample());

    assertThatThrownBy(
            () -> BusMessageCodec.decode("{\"hello\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(MalformedBusMessageException.class)
        .hasMessage("no bus message magic: expected 5442, found 7b22 (11 bytes)");

    byte[] future = good.clone();
    future[2] = 2;
    assertThatThrownBy(() -> BusMessageCodec.decode(future))
        .hasMessageStartingWith("bus message version 2, this codec reads only 1");

    byte[] badId = good.clone();
    badId[4] = '/';
    assertThatThrownBy(() -> BusMessageCodec.decode(badId)).hasMessageContaining("DeviceId rule");

    byte[] zeroCount = good.clone();
    Arrays.fill(zeroCount, 4 + 6 + 16, 4 + 6 + 20, (byte) 0);
    assertThatThrownBy(() -> BusMessageCodec.decode(zeroCount)).hasMessageContaining("count 0");

    assertThatThrownBy(() -> BusMessageCodec.decode(new byte[0]))
        .hasMessage("truncated: ends at offset 0 inside the header (0 bytes)");
  }

  private static BusMessage decodeOrFail(byte[] bytes) {
    try {
      return BusMessageCodec.decode(bytes);
    } catch (MalformedBusMessageException e) {
      throw new AssertionError("a message this codec wrote did not decode", e);
    }
  }
}
