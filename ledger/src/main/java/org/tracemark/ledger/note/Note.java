package org.tracemark.ledger.note;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.tracemark.ledger.note.MalformedNoteException.Problem;

/**
 * A signed note (c2sp.org/signed-note): a text ending in a newline, a blank line, then one or more
 * signature lines {@code — <key name> base64(key ID ‖ signature)}.
 *
 * <p>Parsing is strict and bounded: at most {@link #MAX_SIZE} bytes and {@link #MAX_SIGNATURES}
 * signature lines (the spec asks verifiers to accept at least 16; Go's {@code note.Open} stops at
 * 100), valid UTF-8, no control character but newline, canonical padded base64. Because nothing
 * non-canonical is accepted, {@link #bytes()} of a parsed note is exactly the input.
 *
 * <p>A {@code Note} is only parsed, not trusted: its text means nothing until {@link #verify}
 * returns. Immutable and thread-safe.
 */
public final class Note {

  /** Largest note accepted, in bytes: far above any checkpoint, small enough to hold in memory. */
  public static final int MAX_SIZE = 1 << 20;

  /** Most signature lines accepted; more are refused before any is verified. */
  public static final int MAX_SIGNATURES = 100;

  private final String text;
  private final List<NoteSignature> signatures;

  private Note(String text, List<NoteSignature> signatures) {
    this.text = text;
    this.signatures = List.copyOf(signatures);
  }

  /** Parses a signed note without verifying any signature. */
  public static Note parse(byte[] message) throws MalformedNoteException {
    Objects.requireNonNull(message, "message");
    if (message.length > MAX_SIZE) {
      throw new MalformedNoteException(
          Problem.TOO_LARGE,
          MAX_SIZE,
          "a note is at most " + MAX_SIZE + " bytes, got " + message.length);
    }
    String all = decodeUtf8(message);
    for (int i = 0; i < all.length(); i++) {
      char c = all.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new MalformedNoteException(
            Problem.CONTROL_CHARACTER,
            i,
            String.format("control character U+%04X at character %d", (int) c, i));
      }
    }
    // The text is separated from the signatures by the last empty line: signature lines are never
    // empty, so the last "\n\n" is that separator even when the text itself has empty lines.
    int split = all.lastIndexOf("\n\n");
    if (split < 0) {
      throw new MalformedNoteException(
          Problem.NO_SIGNATURES, all.length(), "no blank line before a signature block");
    }
    String text = all.substring(0, split + 1);
    String block = all.substring(split + 2);
    if (block.isEmpty()) {
      throw new MalformedNoteException(
          Problem.NO_SIGNATURES, all.length(), "nothing after the blank line");
    }
    if (block.charAt(block.length() - 1) != '\n') {
      throw new MalformedNoteException(
          Problem.NOT_NEWLINE_TERMINATED,
          (int) block.chars().filter(c -> c == '\n').count() + 1,
          "the last signature line does not end in a newline");
    }
    List<NoteSignature> signatures = new ArrayList<>();
    int start = 0;
    int line = 0;
    while (start < block.length()) {
      line++;
      if (line > MAX_SIGNATURES) {
        throw new MalformedNoteException(
            Problem.TOO_MANY_SIGNATURES,
            line,
            "a note has at most " + MAX_SIGNATURES + " signature lines");
      }
      int end = block.indexOf('\n', start);
      signatures.add(parseSignatureLine(block.substring(start, end), line));
      start = end + 1;
    }
    return new Note(text, signatures);
  }

  private static String decodeUtf8(byte[] message) throws MalformedNoteException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(message);
    // UTF-8 never yields more UTF-16 units than it has bytes.
    CharBuffer out = CharBuffer.allocate(message.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new MalformedNoteException(
          Problem.NOT_UTF8, in.position(), "invalid UTF-8 at byte " + in.position());
    }
    return out.flip().toString();
  }

  private static NoteSignature parseSignatureLine(String line, int number)
      throws MalformedNoteException {
    if (!line.startsWith(NoteSignature.LINE_PREFIX)) {
      throw new MalformedNoteException(
          Problem.MALFORMED_SIGNATURE_LINE,
          number,
          "signature line " + number + " does not start with an em dash and a space");
    }
    String rest = line.substring(NoteSignature.LINE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw new MalformedNoteException(
          Problem.MALFORMED_SIGNATURE_LINE,
          number,
          "signature line " + number + " has no space between key name and signature");
    }
    String name = rest.substring(0, space);
    String base64 = rest.substring(space + 1);
    if (!KeyName.isValid(name)) {
      throw new MalformedNoteException(
          Problem.BAD_KEY_NAME,
          number,
          "signature line " + number + " has an invalid key name \"" + KeyName.echo(name) + "\"");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      decoded = null;
    }
    if (decoded == null || !Base64.getEncoder().encodeToString(decoded).equals(base64)) {
      throw new MalformedNoteException(
          Problem.BAD_BASE64,
          number,
          "signature line " + number + " (" + KeyName.echo(name) + ") is not canonical base64");
    }
    if (decoded.length < 5) {
      throw new MalformedNoteException(
          Problem.SIGNATURE_TOO_SHORT,
          number,
          "signature line "
              + number
              + " ("
              + KeyName.echo(name)
              + ") has "
              + decoded.length
              + " bytes; a key ID and a signature need at least 5");
    }
    return NoteSignature.fromDecoded(new KeyName(name), decoded);
  }

  /** Parses and verifies in one step: {@code parse(message).verify(known)}. */
  public static VerifiedNote open(byte[] message, Collection<? extends NoteVerifier> known)
      throws MalformedNoteException, NoteVerificationException {
    return parse(message).verify(known);
  }

  /**
   * Signs {@code text} with each signer, in order.
   *
   * @throws IllegalArgumentException the text does not end in a newline, has a control character
   *     other than newline or an unpaired surrogate, or the note would exceed the limits
   */
  public static Note sign(String text, List<? extends NoteSigner> signers) {
    Objects.requireNonNull(text, "text");
    checkText(text);
    Note note = new Note(text, List.of());
    for (NoteSigner signer : signers) {
      note = note.signedBy(signer);
    }
    if (note.signatures.isEmpty()) {
      throw new IllegalArgumentException("a signed note needs at least one signer");
    }
    return note;
  }

  /**
   * A note of {@code text} with these signature lines, as they are (not verified here): for
   * assembling a note from lines verified elsewhere, such as a witness storing the log's signatures
   * beside its own cosignatures.
   *
   * @throws IllegalArgumentException no signature, a text that cannot be signed, or the note would
   *     exceed the limits
   */
  public static Note of(String text, List<NoteSignature> signatures) {
    Objects.requireNonNull(text, "text");
    checkText(text);
    if (signatures.isEmpty()) {
      throw new IllegalArgumentException("a signed note has at least one signature line");
    }
    Note note = new Note(text, List.of());
    for (NoteSignature signature : signatures) {
      note = note.withSignature(signature);
    }
    return note;
  }

  /** This note with {@code signer}'s signature over the text added (replacing one by that key). */
  public Note signedBy(NoteSigner signer) {
    byte[] signature = signer.sign(text.getBytes(StandardCharsets.UTF_8));
    return withSignature(NoteSignature.of(signer.name(), signer.keyId(), signature));
  }

  /**
   * This note with {@code signature} appended after the existing lines. An existing line by the
   * same key (name and ID) is dropped first, as Go's {@code note.Sign} does, so re-signing or
   * re-cosigning never stacks up lines of one key. The signature is not verified here.
   *
   * @throws IllegalArgumentException the note would exceed {@link #MAX_SIZE} or {@link
   *     #MAX_SIGNATURES}
   */
  public Note withSignature(NoteSignature signature) {
    Objects.requireNonNull(signature, "signature");
    List<NoteSignature> lines = new ArrayList<>(signatures.size() + 1);
    for (NoteSignature existing : signatures) {
      if (!(existing.name().equals(signature.name())
          && existing.keyId().equals(signature.keyId()))) {
        lines.add(existing);
      }
    }
    lines.add(signature);
    Note note = new Note(text, lines);
    if (lines.size() > MAX_SIGNATURES) {
      throw new IllegalArgumentException(
          "a note has at most " + MAX_SIGNATURES + " signature lines");
    }
    int size = note.bytes().length;
    if (size > MAX_SIZE) {
      throw new IllegalArgumentException(
          "a note is at most " + MAX_SIZE + " bytes, this one would be " + size);
    }
    return note;
  }

  private static void checkText(String text) {
    if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      throw new IllegalArgumentException("note text must end with a newline");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new IllegalArgumentException(
            String.format("note text has control character U+%04X at index %d", (int) c, i));
      }
    }
    try {
      StandardCharsets.UTF_8
          .newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("note text has an unpaired surrogate", e);
    }
  }

  /**
   * Verifies the signatures against the known keys (c2sp.org/signed-note §Signatures): lines by
   * unknown keys are ignored, even if they share a name or an ID (but not both) with a known key;
   * every line by a known key must verify; at least one must.
   *
   * @throws NoteVerificationException no line is by a known key, a known key's signature is
   *     invalid, or a line matches two different known keys
   */
  public VerifiedNote verify(Collection<? extends NoteVerifier> known)
      throws NoteVerificationException {
    Objects.requireNonNull(known, "known");
    Set<NoteVerifier> verifiers = new LinkedHashSet<>(known);
    byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
    Set<NoteSignature> verified = new LinkedHashSet<>();
    Set<NoteSignature> unknown = new LinkedHashSet<>();
    for (NoteSignature signature : signatures) {
      List<NoteVerifier> matching =
          verifiers.stream().filter(signature::isBy).collect(Collectors.toList());
      if (matching.isEmpty()) {
        unknown.add(signature);
        continue;
      }
      if (matching.size() > 1) {
        throw new NoteVerificationException(
            NoteVerificationException.Problem.AMBIGUOUS_KEY,
            signature.name(),
            signature.keyId(),
            "key "
                + signature.name()
                + "+"
                + signature.keyId()
                + " matches "
                + matching.size()
                + " different configured keys");
      }
      if (!verified.contains(signature)
          && !matching.get(0).verify(textBytes, signature.signature())) {
        throw new NoteVerificationException(
            NoteVerificationException.Problem.INVALID_SIGNATURE,
            signature.name(),
            signature.keyId(),
            "invalid signature by known key " + signature.name() + "+" + signature.keyId());
      }
      verified.add(signature);
    }
    if (verified.isEmpty()) {
      throw new NoteVerificationException(
          NoteVerificationException.Problem.NO_KNOWN_SIGNATURE,
          null,
          null,
          "no signature by a known key; known: "
              + describe(verifiers.stream().map(v -> v.name() + "+" + v.keyId()).toList())
              + ", found: "
              + describe(signatures.stream().map(s -> s.name() + "+" + s.keyId()).toList()));
    }
    return new VerifiedNote(this, List.copyOf(verified), List.copyOf(unknown));
  }

  // Lists of keys from a note go into messages; cap their length.
  private static String describe(List<String> keys) {
    if (keys.isEmpty()) {
      return "none";
    }
    String shown = keys.stream().limit(8).map(KeyName::echo).collect(Collectors.joining(", "));
    return keys.size() > 8 ? shown + " and " + (keys.size() - 8) + " more" : shown;
  }

  /** The note text, final newline included, separating blank line excluded: what is signed. */
  public String text() {
    return text;
  }

  /** Every signature line in order, verified or not. */
  public List<NoteSignature> signatures() {
    return signatures;
  }

  /** The encoded note: text, blank line, signature lines. */
  public String encoded() {
    StringBuilder out = new StringBuilder(text.length() + 1 + 128 * signatures.size());
    out.append(text).append('\n');
    for (NoteSignature signature : signatures) {
      out.append(signature.line());
    }
    return out.toString();
  }

  /** The encoded note in UTF-8. */
  public byte[] bytes() {
    return encoded().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Note that
        && text.equals(that.text)
        && signatures.equals(that.signatures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, signatures);
  }

  /** The encoded note: text and signatures are public. */
  @Override
  public String toString() {
    return encoded();
  }
}
