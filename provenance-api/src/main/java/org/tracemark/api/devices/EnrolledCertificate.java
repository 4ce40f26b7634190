package org.tracemark.api.devices;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import org.tracemark.keys.pki.DeviceCertificate;

/**
 * A device certificate the CA issued, with its revocation once revoked. The certificate bytes are
 * what was issued; the other columns are copies for queries (by kid, by device, by revocation).
 */
@Entity
@Table(name = "device_certificate")
public class EnrolledCertificate {

  @Id private BigInteger serial;

  @Column(name = "device_id", nullable = false, updatable = false)
  private String deviceId;

  @Column(nullable = false, updatable = false)
  private byte[] kid;

  @Column(nullable = false, updatable = false)
  private String algorithm;

  @Column(nullable = false, updatable = false)
  private byte[] certificate;

  @Column(name = "not_before", nullable = false, updatable = false)
  private Instant notBefore;

  @Column(name = "not_after", nullable = false, updatable = false)
  private Instant notAfter;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  @Column(name = "revocation_reason")
  private String revocationReason;

  @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
  private Instant createdAt;

  protected EnrolledCertificate() {}

  public EnrolledCertificate(DeviceCertificate issued) {
    this.serial = issued.serial();
    this.deviceId = issued.deviceId().value();
    this.kid = issued.keyId().bytes();
    this.algorithm = issued.algorithm().coseName();
    this.certificate = issued.der();
    this.notBefore = issued.notBefore();
    this.notAfter = issued.notAfter();
  }

  public BigInteger serial() {
    return serial;
  }

  public String deviceId() {
    return deviceId;
  }

  public byte[] kid() {
    return kid.clone();
  }

  public String algorithm() {
    return algorithm;
  }

  public byte[] certificate() {
    return certificate.clone();
  }

  public Instant notBefore() {
    return notBefore;
  }

  public Instant notAfter() {
    return notAfter;
  }

  public Optional<Instant> revokedAt() {
    return Optional.ofNullable(revokedAt);
  }

  public Optional<String> revocationReason() {
    return Optional.ofNullable(revocationReason);
  }

  boolean isRevoked() {
    return revokedAt != null;
  }

  void revoke(Instant at, String reason) {
    if (revokedAt == null) {
      revokedAt = at;
      revocationReason = reason;
    }
  }
}
