package org.tracemark.ledger.note;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One signature line of a note, {@code — <name> base64(key ID ‖ signature)}, verified or not.
 * Signatures are public, so all of it may be printed.
 */
public final class NoteSignature {

  /** U+2014 EM DASH followed by a space: how every signature line starts. */
  public static final String LINE_PREFIX = "\u2014 ";

  private final KeyName name;
  private final KeyId keyId;
  private final byte[] signature;

  private NoteSignature(KeyName name, KeyId keyId, byte[] signature) {
    this.name = name;
    this.keyId = keyId;
    this.signature = signature;
  }

  /** A signature by the key {@code name}/{@code keyId}; {@code signature} excludes the ID. */
  public static NoteSignature of(KeyName name, KeyId keyId, byte[] signature) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(signature, "signature");
    if (signature.length == 0) {
      throw new IllegalArgumentException("a note signature has at least one byte after the key ID");
    }
    return new NoteSignature(name, keyId, signature.clone());
  }

  /** From the decoded base64 of a signature line: key ID, then the signature. */
  static NoteSignature fromDecoded(KeyName name, byte[] decoded) {
    return new NoteSignature(
        name, KeyId.fromBytes(decoded, 0), Arrays.copyOfRange(decoded, 4, decoded.length));
  }

  public KeyName name() {
    return name;
  }

  public KeyId keyId() {
    return keyId;
  }

  /** A copy of the signature bytes that follow the key ID. */
  public byte[] signature() {
    return signature.clone();
  }

  /** Whether this line claims to be by {@code verifier}'s key (same name and key ID). */
  public boolean isBy(NoteVerifier verifier) {
    return name.equals(verifier.name()) && keyId.equals(verifier.keyId());
  }

  /** The base64 of key ID ‖ signature, as in the line. */
  public String base64() {
    byte[] raw = new byte[4 + signature.length];
    System.arraycopy(keyId.bytes(), 0, raw, 0, 4);
    System.arraycopy(signature, 0, raw, 4, signature.length);
    return Base64.getEncoder().encodeToString(raw);
  }

  /** The whole line, with its final newline. */
  public String line() {
    return LINE_PREFIX + name + " " + base64() + "\n";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NoteSignature that
        && name.equals(that.name)
        && keyId.equals(that.keyId)
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, keyId, Arrays.hashCode(signature));
  }

  /** The line without its newline. */
  @Override
  public String toString() {
    return LINE_PREFIX + name + " " + base64();
  }
}
