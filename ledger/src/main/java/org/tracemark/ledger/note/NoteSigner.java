package org.tracemark.ledger.note;

/** Signs note texts with one key; the signature goes into a note after the key's 4-byte ID. */
public interface NoteSigner {

  KeyName name();

  KeyId keyId();

  /** The signature of the note text (UTF-8, final newline included), without the key ID. */
  byte[] sign(byte[] text);
}
