package org.tracemark.api.devices;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.tracemark.keys.pki.Pem;

/**
 * A device and its certificates, as the API shows them.
 *
 * @param chain the CA chain above the device certificates (issuing CA, root), PEM
 */
public record DeviceView(
    String id,
    UUID organisation,
    Instant createdAt,
    List<CertificateView> certificates,
    String chain) {

  /** One certificate: {@code status} is {@code active}, {@code revoked} or {@code expired}. */
  public record CertificateView(
      String serial,
      String kid,
      String algorithm,
      Instant notBefore,
      Instant notAfter,
      String status,
      Instant revokedAt,
      String revocationReason,
      String certificate) {}

  static DeviceView of(Device device, List<EnrolledCertificate> certificates, String chain) {
    Instant now = Instant.now();
    return new DeviceView(
        device.id(),
        device.organisationId(),
        device.createdAt(),
        certificates.stream()
            .map(
                c ->
                    new CertificateView(
                        c.serial().toString(),
                        HexFormat.of().formatHex(c.kid()),
                        c.algorithm(),
                        c.notBefore(),
                        c.notAfter(),
                        c.isRevoked()
                            ? "revoked"
                            : c.notAfter().isBefore(now) ? "expired" : "active",
                        c.revokedAt().orElse(null),
                        c.revocationReason().orElse(null),
                        Pem.encode(Pem.Label.CERTIFICATE, c.certificate())))
            .toList(),
        chain);
  }
}
