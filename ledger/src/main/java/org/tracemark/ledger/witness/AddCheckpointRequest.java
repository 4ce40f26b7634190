package org.tracemark.ledger.witness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.MalformedCheckpointException;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.Note;

/**
 * The body of a tlog-witness {@code add-checkpoint} request:
 *
 * <pre>
 * old &lt;size&gt;
 * &lt;consistency proof hash, base64&gt;   (0..63 lines)
 *
 * &lt;signed checkpoint note&gt;
 * </pre>
 *
 * <p>Parsed strictly and bounded ({@link #MAX_SIZE}); the note is kept as bytes and parsed by the
 * witness, so that a bad note and a bad control block can be told apart.
 *
 * @param oldSize the size of the checkpoint the client believes the witness last cosigned
 * @param proof the consistency proof from {@code oldSize} to the checkpoint's size
 * @param signedCheckpoint the encoded signed note
 */
public record AddCheckpointRequest(TreeSize oldSize, List<Hash> proof, byte[] signedCheckpoint) {

  /** tlog-witness: a client MUST NOT send more than 63 consistency proof lines. */
  public static final int MAX_PROOF_LINES = 63;

  /** A note, plus the control block at its largest ({@code old} line and 63 hashes). */
  public static final int MAX_SIZE = Note.MAX_SIZE + 32 + MAX_PROOF_LINES * 45 + 1;

  public AddCheckpointRequest {
    Objects.requireNonNull(oldSize, "oldSize");
    proof = List.copyOf(proof);
    Objects.requireNonNull(signedCheckpoint, "signedCheckpoint");
    if (proof.size() > MAX_PROOF_LINES) {
      throw new IllegalArgumentException(
          "at most " + MAX_PROOF_LINES + " proof lines, got " + proof.size());
    }
    signedCheckpoint = signedCheckpoint.clone();
  }

  /** The note bytes (a copy). */
  @Override
  public byte[] signedCheckpoint() {
    return signedCheckpoint.clone();
  }

  /** Parses a request body. */
  public static AddCheckpointRequest parse(byte[] body) throws MalformedRequestException {
    Objects.requireNonNull(body, "body");
    if (body.length > MAX_SIZE) {
      throw new MalformedRequestException(
          1, "a request is at most " + MAX_SIZE + " bytes, got " + body.length);
    }
    int position = 0;
    int lineNumber = 0;
    TreeSize oldSize = null;
    List<Hash> proof = new ArrayList<>();
    while (true) {
      lineNumber++;
      int end = indexOf(body, (byte) '\n', position);
      if (end < 0) {
        throw new MalformedRequestException(
            lineNumber, "no blank line before the checkpoint (every line ends with a newline)");
      }
      String line = ascii(body, position, end, lineNumber);
      position = end + 1;
      if (lineNumber == 1) {
        oldSize = parseOldLine(line);
        continue;
      }
      if (line.isEmpty()) {
        break;
      }
      if (proof.size() == MAX_PROOF_LINES) {
        throw new MalformedRequestException(
            lineNumber, "more than " + MAX_PROOF_LINES + " consistency proof lines");
      }
      proof.add(parseProofLine(line, lineNumber));
    }
    return new AddCheckpointRequest(
        oldSize, proof, Arrays.copyOfRange(body, position, body.length));
  }

  private static TreeSize parseOldLine(String line) throws MalformedRequestException {
    if (!line.startsWith("old ")) {
      throw new MalformedRequestException(1, "the first line is \"old <size>\"");
    }
    try {
      return Checkpoint.parseSize(line.substring(4));
    } catch (MalformedCheckpointException e) {
      throw new MalformedRequestException(
          1, "the old size is a decimal without sign or leading zeros below 2^63");
    }
  }

  private static Hash parseProofLine(String line, int lineNumber) throws MalformedRequestException {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(line);
    } catch (IllegalArgumentException e) {
      decoded = null;
    }
    if (decoded == null
        || decoded.length != Hash.LENGTH
        || !Base64.getEncoder().encodeToString(decoded).equals(line)) {
      throw new MalformedRequestException(
          lineNumber, "a proof line is canonical base64 of a 32-byte hash");
    }
    return Hash.of(decoded);
  }

  // The control block is ASCII: "old", digits, base64. Anything else is refused before decoding.
  private static String ascii(byte[] body, int from, int to, int lineNumber)
      throws MalformedRequestException {
    for (int i = from; i < to; i++) {
      if (body[i] < 0x20 || body[i] > 0x7e) {
        throw new MalformedRequestException(
            lineNumber, String.format("byte 0x%02x is not printable ASCII", body[i] & 0xff));
      }
    }
    return new String(body, from, to - from, StandardCharsets.US_ASCII);
  }

  private static int indexOf(byte[] bytes, byte b, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** The request body, as a log sends it to a witness. */
  public byte[] encode() {
    StringBuilder control = new StringBuilder("old ").append(oldSize.value()).append('\n');
    for (Hash hash : proof) {
      control.append(hash.base64()).append('\n');
    }
    control.append('\n');
    byte[] head = control.toString().getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + signedCheckpoint.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(signedCheckpoint, 0, out, head.length, signedCheckpoint.length);
    return out;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AddCheckpointRequest that
        && oldSize.equals(that.oldSize)
        && proof.equals(that.proof)
        && Arrays.equals(signedCheckpoint, that.signedCheckpoint);
  }

  @Override
  public int hashCode() {
    return Objects.hash(oldSize, proof, Arrays.hashCode(signedCheckpoint));
  }

  @Override
  public String toString() {
    return "AddCheckpointRequest[old "
        + oldSize
        + ", "
        + proof.size()
        + " proof hashes, "
        + signedCheckpoint.length
        + " note bytes]";
  }
}
