package org.tracemark.ingest.bus.pulsar;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.tracemark.ingest.bus.BusMessage;
import org.tracemark.keys.device.DeviceId;
import org.tracemark.keys.reading.ReadingId;

/**
 * The bytes of a {@link BusMessage} on the Pulsar topic, version 1. All integers big-endian:
 *
 * <pre>
 * offset  size  field
 *      0     2  magic "TB" (0x54 0x42): tells a bus message from stray bytes at once
 *      2     1  version, 1
 *      3     1  n = length of the device id, 1..64
 *      4     n  first.dev, ASCII (the DeviceId rule: [A-Za-z0-9._-])
 *    4+n     8  first.boot, >= 0
 *   12+n     8  first.seq, >= 0
 *   20+n     4  count, >= 1
 *   24+n     8  receivedAtMillis, >= 0
 *   32+n     8  deviceMillis (the device's clock, untrusted, for latency metrics), >= 0
 *   40+n     4  m = length of the device's message, 0..16 MiB
 *   44+n     m  the device's message exactly as received (COSE_Sign1)
 * </pre>
 *
 * Nothing may follow the message. A fixed layout rather than CBOR: every field is a scalar of known
 * width, decoding is a handful of reads with no allocation but the two strings, and the rules above
 * are the whole validation. A change of layout gets a new version byte; a decoder refuses versions
 * it does not know rather than guess.
 */
public final class BusMessageCodec {

  /** The layout version this codec writes and the only one it reads. */
  public static final byte VERSION = 1;

  static final byte MAGIC_0 = 'T';
  static final byte MAGIC_1 = 'B';
  // Far above the 60 KiB a device message may have (DESIGN §2), but bounded, so a corrupt length
  // field cannot make the decoder trust it; Pulsar's own default message limit is 5 MiB.
  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
  private static final int FIXED_BYTES = 2 + 1 + 1 + 8 + 8 + 4 + 8 + 8 + 4;

  private BusMessageCodec() {}

  public static byte[] encode(BusMessage message) {
    byte[] dev = message.first().dev().value().getBytes(StandardCharsets.US_ASCII);
    byte[] body = message.message();
    ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + dev.length + body.length);
    out.put(MAGIC_0).put(MAGIC_1).put(VERSION);
    out.put((byte) dev.length).put(dev);
    out.putLong(message.first().boot()).putLong(message.first().seq());
    out.putInt(message.count()).putLong(message.receivedAtMillis()).putLong(message.deviceMillis());
    out.putInt(body.length).put(body);
    return out.array();
  }

  /**
   * @throws MalformedBusMessageException naming the first rule the bytes break
   */
  public static BusMessage decode(byte[] bytes) throws MalformedBusMessageException {
    int length = bytes.length;
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte m0 = in.get();
      byte m1 = in.get();
      if (m0 != MAGIC_0 || m1 != MAGIC_1) {
        throw new MalformedBusMessageException(
            String.format("no bus message magic: expected 5442, found %02x%02x", m0, m1), length);
      }
      byte version = in.get();
      if (version != VERSION) {
        throw new MalformedBusMessageException(
            "bus message version " + (version & 0xff) + ", this codec reads only " + VERSION,
            length);
      }
      int devLength = in.get() & 0xff;
      if (devLength < 1 || devLength > DeviceId.MAX_LENGTH) {
        throw new MalformedBusMessageException(
            "device id length " + devLength + " at offset 3, expected 1-" + DeviceId.MAX_LENGTH,
            length);
      }
      byte[] devBytes = new byte[devLength];
      in.get(devBytes);
      // ISO-8859-1 maps every byte to one char, so a non-ASCII byte fails the DeviceId rule below
      // instead of being silently replaced.
      String dev = new String(devBytes, StandardCharsets.ISO_8859_1);
      if (!DeviceId.isValid(dev)) {
        throw new MalformedBusMessageException(
            "device id at offset 4 breaks the DeviceId rule [A-Za-z0-9][A-Za-z0-9._-]*", length);
      }
      long boot = in.getLong();
      long seq = in.getLong();
      int count = in.getInt();
      long receivedAt = in.getLong();
      long deviceAt = in.getLong();
      if (boot < 0 || seq < 0 || count < 1 || receivedAt < 0 || deviceAt < 0) {
        throw new MalformedBusMessageException(
            "out of range: boot "
                + boot
                + ", seq "
                + seq
                + ", count "
                + count
                + ", receivedAtMillis "
                + receivedAt
                + ", deviceMillis "
                + deviceAt
                + " (boot, seq, times >= 0, count >= 1)",
            length);
      }
      int bodyLength = in.getInt();
      if (bodyLength < 0 || bodyLength > MAX_MESSAGE_BYTES) {
        throw new MalformedBusMessageException(
            "message length " + bodyLength + ", expected 0-" + MAX_MESSAGE_BYTES, length);
      }
      if (bodyLength != in.remaining()) {
        throw new MalformedBusMessageException(
            "message length field says "
                + bodyLength
                + " bytes, "
                + in.remaining()
                + " follow at offset "
                + in.position(),
            length);
      }
      byte[] body = new byte[bodyLength];
      in.get(body);
      return new BusMessage(
          ReadingId.of(DeviceId.of(dev), boot, seq), count, body, receivedAt, deviceAt);
    } catch (BufferUnderflowException e) {
      throw new MalformedBusMessageException(
          "truncated: ends at offset " + length + " inside the header", length);
    }
  }
}
