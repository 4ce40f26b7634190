package org.tracemark.keys.reading;

import java.util.Optional;
import org.tracemark.keys.cose.CoseSign1;
import org.tracemark.keys.cose.MalformedCoseException;
import org.tracemark.keys.signing.SigningKey;

/**
 * A signed reading v1: the message exactly as sent (what the ledger anchors), its COSE envelope and
 * its decoded payload. Existing means well-formed, not verified: see {@link ReadingVerifier}.
 */
public final class SignedReading {

  /** DESIGN §2: a message is at most 60 KiB. */
  public static final int MAX_MESSAGE_BYTES = 60 * 1024;

  private final byte[] message;
  private final CoseSign1 envelope;
  private final Reading reading;

  private SignedReading(byte[] message, CoseSign1 envelope, Reading reading) {
    this.message = message;
    this.envelope = envelope;
    this.reading = reading;
  }

  /** Signs {@code reading} with a device key. */
  public static SignedReading sign(Reading reading, SigningKey key) {
    CoseSign1 envelope = CoseSign1.sign(key, Optional.empty(), ReadingPayload.encode(reading));
    return new SignedReading(envelope.encode(), envelope, reading);
  }

  /**
   * Parses a message by rules 2–4 of the contract. The caller checks {@link #MAX_MESSAGE_BYTES}
   * first when it must tell {@code oversize} from {@code malformed}.
   *
   * @throws MalformedCoseException naming the first broken rule
   */
  public static SignedReading decode(byte[] message) throws MalformedCoseException {
    CoseSign1 envelope = CoseSign1.decode(message, MAX_MESSAGE_BYTES, Optional.empty());
    Reading reading;
    try {
      reading = ReadingPayload.decode(envelope.payload());
    } catch (MalformedCoseException e) {
      throw e.in("payload");
    }
    return new SignedReading(message.clone(), envelope, reading);
  }

  /** The message bytes exactly as signed and sent. */
  public byte[] message() {
    return message.clone();
  }

  public int size() {
    return message.length;
  }

  public CoseSign1 envelope() {
    return envelope;
  }

  public Reading reading() {
    return reading;
  }

  @Override
  public String toString() {
    return "signed "
        + reading.kind()
        + " reading "
        + reading.first()
        + (reading.count() > 1 ? ".." + reading.last().seq() : "")
        + " by "
        + envelope.header().kid();
  }
}
