package org.tracemark.ledger.cosignature;

import java.nio.charset.StandardCharsets;

/**
 * The bytes an Ed25519 cosignature/v1 signs: {@code "cosignature/v1\ntime <seconds>\n"} followed by
 * the checkpoint body. The header is domain separation: a cosigner's signature can never pass for a
 * plain note signature over the same body, nor the reverse.
 */
final class CosignedMessage {

  static final String HEADER = "cosignature/v1\n";

  private CosignedMessage() {}

  static byte[] of(long timestamp, byte[] checkpointBody) {
    // Long.toString of a non-negative long is ASCII decimal without leading zeros.
    byte[] prefix =
        (HEADER + "time " + Long.toString(timestamp) + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] message = new byte[prefix.length + checkpointBody.length];
    System.arraycopy(prefix, 0, message, 0, prefix.length);
    System.arraycopy(checkpointBody, 0, message, prefix.length, checkpointBody.length);
    return message;
  }
}
