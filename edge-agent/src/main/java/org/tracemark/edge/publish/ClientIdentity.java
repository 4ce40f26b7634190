package org.tracemark.edge.publish;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The device's TLS client identity for mutual TLS: a PEM file with its certificate (optionally
 * followed by intermediate certificates), and its private key as an encrypted PKCS#8 PEM ({@code
 * ENCRYPTED PRIVATE KEY}, as {@link org.tracemark.keys.pki.EncryptedPrivateKey} writes it) with the
 * passphrase that opens it.
 *
 * <p>Holds a copy of the passphrase; {@link #toString()} never shows it. Call {@link #destroy()}
 * once the publisher has started if the passphrase should not stay in memory.
 */
public final class ClientIdentity {

  private final Path certificateChain;
  private final Path encryptedKey;
  private final char[] passphrase;

  private ClientIdentity(Path certificateChain, Path encryptedKey, char[] passphrase) {
    this.certificateChain = certificateChain;
    this.encryptedKey = encryptedKey;
    this.passphrase = passphrase;
  }

  /**
   * @param certificateChain PEM: the client certificate first, then any intermediates
   * @param encryptedKey PEM {@code ENCRYPTED PRIVATE KEY} for the certificate's key
   * @param passphrase opens the key; copied, the caller may clear its array
   */
  public static ClientIdentity of(Path certificateChain, Path encryptedKey, char[] passphrase) {
    if (certificateChain == null || encryptedKey == null) {
      throw new IllegalArgumentException("a client identity needs a certificate and a key file");
    }
    if (passphrase == null || passphrase.length == 0) {
      throw new IllegalArgumentException(
          "the client key " + encryptedKey + " needs a passphrase (keys are stored encrypted)");
    }
    return new ClientIdentity(certificateChain, encryptedKey, passphrase.clone());
  }

  public Path certificateChain() {
    return certificateChain;
  }

  public Path encryptedKey() {
    return encryptedKey;
  }

  /** A copy of the passphrase; clear it after use. */
  char[] passphrase() {
    return passphrase.clone();
  }

  /** Overwrites the passphrase copy; the identity cannot open its key afterwards. */
  public void destroy() {
    Arrays.fill(passphrase, '\0');
  }

  @Override
  public String toString() {
    return "ClientIdentity[certificate=" + certificateChain + ", key=" + encryptedKey + "]";
  }
}
