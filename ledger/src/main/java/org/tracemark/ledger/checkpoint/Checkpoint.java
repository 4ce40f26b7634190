package org.tracemark.ledger.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.tracemark.ledger.checkpoint.MalformedCheckpointException.Problem;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.storage.LogState;

/**
 * A checkpoint (c2sp.org/tlog-checkpoint): the note text a log signs to commit to its tree.
 *
 * <pre>
 * &lt;origin&gt;
 * &lt;tree size, decimal, no leading zeros&gt;
 * &lt;root hash, base64&gt;
 * [extension lines]
 * </pre>
 *
 * <p>A size-0 checkpoint whose root is not the empty tree's is well formed but false; the witness
 * refuses it (tlog-witness: 422), a parser does not.
 *
 * <p>One body has exactly one {@code Checkpoint} and one {@code Checkpoint} exactly one body:
 * parsing refuses leading zeros, a sign, non-canonical base64, a root that is not 32 bytes, and
 * empty lines, so signatures over a body and equality of records agree. Sizes are capped at 2^63 −
 * 1 like {@link TreeSize}.
 *
 * @param origin the log's identity; non-empty, one line; by recommendation a schema-less URL
 * @param extensions opaque lines after the root; each non-empty. The spec does not recommend them
 *     (monitors cannot audit them); they are carried so that checkpoints of other logs round-trip
 */
public record Checkpoint(String origin, TreeSize size, Hash root, List<String> extensions) {

  public Checkpoint {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(root, "root");
    extensions = List.copyOf(extensions);
    String problem = lineProblem(origin);
    if (problem != null) {
      throw new IllegalArgumentException("invalid checkpoint origin: " + problem);
    }
    for (int i = 0; i < extensions.size(); i++) {
      problem = lineProblem(extensions.get(i));
      if (problem != null) {
        throw new IllegalArgumentException(
            "invalid checkpoint extension line " + i + ": " + problem);
      }
    }
  }

  /** A checkpoint without extension lines. */
  public static Checkpoint of(String origin, TreeSize size, Hash root) {
    return new Checkpoint(origin, size, root, List.of());
  }

  /** The checkpoint of a committed log state. */
  public static Checkpoint of(String origin, LogState state) {
    return of(origin, state.size(), state.root());
  }

  /** The log state this checkpoint commits to. */
  public LogState state() {
    return new LogState(size, root);
  }

  private static String lineProblem(String line) {
    if (line.isEmpty()) {
      return "empty";
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < 0x20) {
        return String.format("control character U+%04X at index %d", (int) c, i);
      }
      if (Character.isHighSurrogate(c)
          && (i + 1 == line.length() || !Character.isLowSurrogate(line.charAt(i + 1)))) {
        return "unpaired surrogate at index " + i;
      }
      if (Character.isLowSurrogate(c)
          && (i == 0 || !Character.isHighSurrogate(line.charAt(i - 1)))) {
        return "unpaired surrogate at index " + i;
      }
    }
    return null;
  }

  /** The note text: origin, size, root and extension lines, each ending in a newline. */
  public String body() {
    StringBuilder body = new StringBuilder(origin.length() + 80);
    body.append(origin)
        .append('\n')
        .append(size.value())
        .append('\n')
        .append(root.base64())
        .append('\n');
    for (String extension : extensions) {
      body.append(extension).append('\n');
    }
    return body.toString();
  }

  /** {@link #body()} in UTF-8. */
  public byte[] bodyBytes() {
    return body().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses a checkpoint body (a note text) strictly. */
  public static Checkpoint parse(String body) throws MalformedCheckpointException {
    Objects.requireNonNull(body, "body");
    if (body.length() > Note.MAX_SIZE) {
      throw new MalformedCheckpointException(
          Problem.TOO_LARGE, 1, "a checkpoint body is at most " + Note.MAX_SIZE + " characters");
    }
    if (body.isEmpty() || body.charAt(body.length() - 1) != '\n') {
      throw new MalformedCheckpointException(
          Problem.NOT_NEWLINE_TERMINATED, 1, "a checkpoint body ends with a newline");
    }
    String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String problem = lines[i].isEmpty() ? null : lineProblem(lines[i]);
      if (problem != null) {
        throw new MalformedCheckpointException(Problem.BAD_CHARACTER, i + 1, problem);
      }
    }
    if (lines.length < 3) {
      throw new MalformedCheckpointException(
          Problem.TOO_FEW_LINES,
          lines.length,
          "a checkpoint has origin, size and root lines, got " + lines.length + " line(s)");
    }
    if (lines[0].isEmpty()) {
      throw new MalformedCheckpointException(Problem.EMPTY_ORIGIN, 1, "the origin line is empty");
    }
    TreeSize size = parseSize(lines[1]);
    Hash root = parseRoot(lines[2]);
    for (int i = 3; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        throw new MalformedCheckpointException(
            Problem.EMPTY_EXTENSION_LINE, i + 1, "extension lines must not be empty");
      }
    }
    return new Checkpoint(lines[0], size, root, List.of(lines).subList(3, lines.length));
  }

  /**
   * A tree size as a checkpoint writes it: ASCII decimal, no sign, no leading zeros (except "0"),
   * below 2^63. Also the rule for the {@code old} line of tlog-witness requests.
   */
  public static TreeSize parseSize(String decimal) throws MalformedCheckpointException {
    boolean digits = !decimal.isEmpty() && decimal.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!digits || (decimal.length() > 1 && decimal.charAt(0) == '0')) {
      throw new MalformedCheckpointException(
          Problem.BAD_SIZE,
          2,
          "a tree size is a decimal without sign or leading zeros, got \"" + echo(decimal) + "\"");
    }
    try {
      return TreeSize.of(Long.parseLong(decimal));
    } catch (NumberFormatException e) {
      throw new MalformedCheckpointException(
          Problem.BAD_SIZE, 2, "tree size " + echo(decimal) + " is not below 2^63");
    }
  }

  private static Hash parseRoot(String base64) throws MalformedCheckpointException {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      decoded = null;
    }
    if (decoded == null
        || decoded.length != Hash.LENGTH
        || !Base64.getEncoder().encodeToString(decoded).equals(base64)) {
      throw new MalformedCheckpointException(
          Problem.BAD_ROOT_HASH,
          3,
          "the root hash is canonical base64 of 32 bytes, got \"" + echo(base64) + "\"");
    }
    return Hash.of(decoded);
  }

  // Lines come from the network; never echo an unbounded amount.
  private static String echo(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }

  /** The body, with newlines shown as {@code \n}. */
  @Override
  public String toString() {
    return body().replace("\n", "\\n");
  }
}
