package org.tracemark.ingest.broker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The broker's TLS listener: its own certificate and key, and the CA certificate(s) that issue
 * device certificates. Clients must present a certificate chaining to one of those CAs (mutual TLS,
 * client authentication {@code REQUIRED}); the device id in that certificate is who they are.
 *
 * <p>The broker identity is either a PKCS#12 file with its password, or a PEM certificate chain
 * with a PEM private key (unencrypted {@code PRIVATE KEY}, or {@code ENCRYPTED PRIVATE KEY} as
 * firmware-keys writes it, with its passphrase). Neither the file's password nor the passphrase is
 * written anywhere: at start the broker copies the key into a key store of its own under a fresh
 * random password, in a folder only the current user can read, deleted on close.
 *
 * <p>{@link #toString()} never shows a password.
 *
 * @param preferredPort where to listen; see {@link BrokerSettings} for what happens when it is
 *     taken
 * @param portDemanded whether {@link #preferredPort} must be used (fail if taken) or only preferred
 */
public record BrokerTls(
    KeySource brokerKey, Path deviceCaCertificates, int preferredPort, boolean portDemanded) {

  /** The standard MQTT-over-TLS port. */
  public static final int DEFAULT_PORT = 8883;

  public BrokerTls {
    if (brokerKey == null) {
      throw new IllegalArgumentException("the TLS listener needs the broker's key and certificate");
    }
    if (deviceCaCertificates == null || !Files.isReadable(deviceCaCertificates)) {
      throw new IllegalArgumentException(
          "device CA certificates " + deviceCaCertificates + " is not a readable PEM file");
    }
    BrokerSettings.requirePort("TLS port", preferredPort);
  }

  /** The broker's key from a PKCS#12 file; the password is copied. */
  public static KeySource pkcs12(Path file, char[] password) {
    return new KeySource.Pkcs12(file, password == null ? new char[0] : password.clone());
  }

  /**
   * The broker's key from PEM files: the certificate chain (leaf first) and the key; {@code
   * passphrase} for an {@code ENCRYPTED PRIVATE KEY}, null for an unencrypted one.
   */
  public static KeySource pem(Path certificateChain, Path privateKey, char[] passphrase) {
    return new KeySource.Pem(
        certificateChain,
        privateKey,
        passphrase == null ? Optional.empty() : Optional.of(passphrase.clone()));
  }

  /** A TLS listener preferring port 8883, with any free port if it is taken. */
  public static BrokerTls of(KeySource brokerKey, Path deviceCaCertificates) {
    return new BrokerTls(brokerKey, deviceCaCertificates, DEFAULT_PORT, false);
  }

  /** The same listener preferring {@code port}, falling back to a free one. */
  public BrokerTls preferringPort(int port) {
    return new BrokerTls(brokerKey, deviceCaCertificates, port, false);
  }

  /** The same listener on exactly {@code port}: start fails if it is taken. */
  public BrokerTls demandingPort(int port) {
    return new BrokerTls(brokerKey, deviceCaCertificates, port, true);
  }

  @Override
  public String toString() {
    return "BrokerTls[key="
        + brokerKey
        + ", deviceCas="
        + deviceCaCertificates
        + ", port="
        + preferredPort
        + (portDemanded ? " (demanded)" : " (preferred)")
        + "]";
  }

  /** Where the broker's certificate and private key come from. */
  public sealed interface KeySource {

    /** A PKCS#12 (or JKS) key store holding exactly the broker's key entry. */
    record Pkcs12(Path file, char[] password) implements KeySource {
      public Pkcs12 {
        requireReadable("PKCS#12 key store", file);
      }

      @Override
      public String toString() {
        return "PKCS#12 " + file + " (password <hidden>)";
      }
    }

    /** A PEM certificate chain (leaf first) and a PEM private key. */
    record Pem(Path certificateChain, Path privateKey, Optional<char[]> passphrase)
        implements KeySource {
      public Pem {
        requireReadable("certificate chain", certificateChain);
        requireReadable("private key", privateKey);
      }

      @Override
      public String toString() {
        return "PEM "
            + certificateChain
            + " + "
            + privateKey
            + (passphrase.isPresent() ? " (passphrase <hidden>)" : "");
      }
    }

    private static void requireReadable(String what, Path file) {
      if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException(what + " " + file + " is not a readable file");
      }
    }
  }
}
