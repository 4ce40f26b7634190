package org.tracemark.keys.cli;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.tracemark.keys.pki.KeyPairs;
import org.tracemark.keys.pki.Pem;
import org.tracemark.keys.pki.PemException;
import org.tracemark.keys.signing.SignatureKey;
import org.tracemark.keys.signing.UnsupportedKeyException;

/**
 * A public key as a file: PEM {@code PUBLIC KEY} (the DER SubjectPublicKeyInfo, RFC 7468 §13, what
 * {@code openssl pkey -pubout} writes), or the key of a PEM {@code CERTIFICATE}. Used for firmware
 * signing keys, which have no certificate of their own.
 */
final class PublicKeyFile {

  static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  static final String END = "-----END PUBLIC KEY-----";

  private PublicKeyFile() {}

  /** {@code key} as a {@code PUBLIC KEY} PEM block. */
  static String toPem(PublicKey key) {
    String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return BEGIN + "\n" + base64 + "\n" + END + "\n";
  }

  /** The Ed25519 or P-256 key in {@code file}; {@code what} names it in errors. */
  static SignatureKey read(Path file, String what) throws CommandFailure {
    String text = InputFiles.text(file, what);
    PublicKey key;
    if (text.contains(BEGIN)) {
      key = parse(text, file, what);
    } else {
      try {
        key = Pem.readCertificate(text).getPublicKey();
      } catch (PemException e) {
        throw CommandFailure.failed(
            what
                + " "
                + file
                + " holds neither a PUBLIC KEY nor a CERTIFICATE PEM block: "
                + e.getMessage());
      }
    }
    if (KeyPairs.algorithmOf(key).isEmpty()) {
      throw CommandFailure.failed(
          what + " " + file + " holds a " + key.getAlgorithm() + " key; expected Ed25519 or P-256");
    }
    try {
      return SignatureKey.of(key);
    } catch (UnsupportedKeyException e) {
      throw CommandFailure.failed(what + " " + file + ": " + e.getMessage());
    }
  }

  private static PublicKey parse(String text, Path file, String what) throws CommandFailure {
    int start = text.indexOf(BEGIN) + BEGIN.length();
    int stop = text.indexOf(END, start);
    if (stop < 0) {
      throw CommandFailure.failed(what + " " + file + ": no " + END + " line");
    }
    byte[] der;
    try {
      der = Base64.getDecoder().decode(text.substring(start, stop).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw CommandFailure.failed(what + " " + file + ": the PUBLIC KEY block is not base64");
    }
    for (String algorithm : new String[] {"Ed25519", "EC"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException e) {
        // Not this type; try the next.
      }
    }
    throw CommandFailure.failed(
        what + " " + file + ": the PUBLIC KEY block is not an Ed25519 or EC public key");
  }
}
