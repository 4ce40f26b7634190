package org.tracemark.edge.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** A trusted public key from a PEM file: {@code PUBLIC KEY} (SPKI) or {@code CERTIFICATE}. */
final class PublicKeys {

  private PublicKeys() {}

  static PublicKey read(Path file) throws IOException, GeneralSecurityException {
    String pem = Files.readString(file);
    if (pem.contains("-----BEGIN CERTIFICATE-----")) {
      return CertificateFactory.getInstance("X.509")
          .generateCertificate(
              new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
          .getPublicKey();
    }
    int begin = pem.indexOf("-----BEGIN PUBLIC KEY-----");
    int end = pem.indexOf("-----END PUBLIC KEY-----");
    if (begin < 0 || end < begin) {
      throw new IOException("not a PUBLIC KEY or CERTIFICATE PEM file");
    }
    byte[] der =
        Base64.getMimeDecoder()
            .decode(pem.substring(begin + "-----BEGIN PUBLIC KEY-----".length(), end));
    X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(spec);
    } catch (GeneralSecurityException e) {
      return KeyFactory.getInstance("EC").generatePublic(spec);
    }
  }
}
