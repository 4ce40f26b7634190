package org.tracemark.keys.pki;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import org.tracemark.keys.Untrusted;
import org.tracemark.keys.pki.PemException.Reason;

/**
 * PEM (RFC 7468) armour for the public objects of the PKI: certificates, CSRs and CRLs. Private
 * keys go through {@link EncryptedPrivateKey}, which uses the same armour but only ever with the
 * {@code ENCRYPTED PRIVATE KEY} label.
 */
public final class Pem {

  /** The RFC 7468 labels this package reads and writes. */
  public enum Label {
    CERTIFICATE("CERTIFICATE"),
    CERTIFICATE_REQUEST("CERTIFICATE REQUEST"),
    X509_CRL("X509 CRL"),
    ENCRYPTED_PRIVATE_KEY("ENCRYPTED PRIVATE KEY");

    private final String text;

    Label(String text) {
      this.text = text;
    }

    /** The label as it appears between the dashes, e.g. {@code CERTIFICATE REQUEST}. */
    public String text() {
      return text;
    }
  }

  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";
  private static final int LINE_LENGTH = 64;
  private static final int MAX_LABEL_LENGTH = 40;

  private Pem() {}

  /** {@code der} as one PEM block: 64-character base64 lines, {@code \n} line ends. */
  public static String encode(Label label, byte[] der) {
    if (label == null || der == null || der.length == 0) {
      throw new IllegalArgumentException("a PEM block needs a label and non-empty DER");
    }
    String base64 = Base64.getEncoder().encodeToString(der);
    StringBuilder out = new StringBuilder(base64.length() * 66 / 64 + 64);
    out.append(BEGIN).append(label.text).append(DASHES).append('\n');
    for (int i = 0; i < base64.length(); i += LINE_LENGTH) {
      out.append(base64, i, Math.min(base64.length(), i + LINE_LENGTH)).append('\n');
    }
    return out.append(END).append(label.text).append(DASHES).append('\n').toString();
  }

  /**
   * The DER of the first block labelled {@code label} in {@code text}. Text before and between
   * blocks is ignored (RFC 7468 §5.2 allows explanatory text, as {@code openssl x509 -text}
   * writes); inside the block, whitespace and line breaks of any style are ignored and everything
   * else must be strict base64.
   */
  public static byte[] decode(Label label, String text) throws PemException {
    if (label == null) {
      throw new IllegalArgumentException("label must not be null");
    }
    if (text == null) {
      throw new PemException(Reason.NOT_PEM, "no text");
    }
    String begin = BEGIN + label.text + DASHES;
    int start = text.indexOf(begin);
    if (start < 0) {
      Optional<String> other = firstLabel(text);
      if (other.isPresent()) {
        throw new PemException(
            Reason.WRONG_TYPE,
            "expected a " + label.text + " block, found " + Untrusted.quote(other.get()));
      }
      throw new PemException(Reason.NOT_PEM, "no " + begin + " line");
    }
    String end = END + label.text + DASHES;
    int bodyStart = start + begin.length();
    int stop = text.indexOf(end, bodyStart);
    if (stop < 0) {
      throw new PemException(Reason.MALFORMED, "no " + end + " after " + begin);
    }
    String body = text.substring(bodyStart, stop).replaceAll("[ \\t\\r\\n]", "");
    if (body.isEmpty()) {
      throw new PemException(Reason.MALFORMED, "the " + label.text + " block is empty");
    }
    try {
      return Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new PemException(
          Reason.MALFORMED, "the " + label.text + " block is not base64: " + e.getMessage());
    }
  }

  /** The label of the first {@code -----BEGIN …-----} line, if there is one. */
  static Optional<String> firstLabel(String text) {
    int start = text.indexOf(BEGIN);
    if (start < 0) {
      return Optional.empty();
    }
    int labelStart = start + BEGIN.length();
    int labelEnd = text.indexOf(DASHES, labelStart);
    if (labelEnd < 0 || labelEnd - labelStart > MAX_LABEL_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(text.substring(labelStart, labelEnd));
  }

  /** A certificate as a {@code CERTIFICATE} block. */
  public static String certificate(X509Certificate certificate) {
    try {
      return encode(Label.CERTIFICATE, certificate.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("the certificate cannot be DER-encoded", e);
    }
  }

  /**
   * The first {@code CERTIFICATE} block in {@code text}, parsed by the JDK's X.509 factory, which
   * is what most relying parties will parse it with, too.
   */
  public static X509Certificate readCertificate(String text) throws PemException {
    byte[] der = decode(Label.CERTIFICATE, text);
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException | RuntimeException e) {
      throw new PemException(
          Reason.MALFORMED, "the CERTIFICATE block is not an X.509 certificate: " + e.getMessage());
    }
  }
}
