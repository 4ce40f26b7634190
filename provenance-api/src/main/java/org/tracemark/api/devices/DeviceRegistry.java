package org.tracemark.api.devices;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.api.registry.Organisation;
import org.tracemark.keys.pki.DeviceCertificate;
import org.tracemark.keys.pki.DeviceCsr;
import org.tracemark.keys.pki.DeviceEnrolment;
import org.tracemark.keys.pki.IssuanceException;
import org.tracemark.keys.signing.KeyId;

/**
 * Enrolment, rotation and revocation of device certificates, each in one transaction, each scoped
 * to the organisation the caller acts for (checked by the resource before it calls).
 */
@ApplicationScoped
public class DeviceRegistry {

  private static final Logger LOG = Logger.getLogger(DeviceRegistry.class);

  private final EntityManager em;
  private final DeviceCa ca;
  private final DeviceCaConfig config;
  private final RegistryDeviceKeys keys;

  public DeviceRegistry(
      EntityManager em, DeviceCa ca, DeviceCaConfig config, RegistryDeviceKeys keys) {
    this.em = em;
    this.ca = ca;
    this.config = config;
    this.keys = keys;
  }

  /** The CSR parsed and checked (proof of possession and all), or a 400 naming the reason. */
  static DeviceCsr parseCsr(String pem) {
    if (pem == null || pem.isBlank()) {
      throw new ProblemException(ProblemType.INVALID_CSR, "The request has no \"csr\" (PEM).");
    }
    try {
      return DeviceCsr.fromPem(pem);
    } catch (IssuanceException e) {
      throw invalidCsr(e);
    }
  }

  private static ProblemException invalidCsr(IssuanceException e) {
    return new ProblemException(ProblemType.INVALID_CSR, e.getMessage(), e.reason().code(), null);
  }

  /**
   * Registers a new device for {@code organisation} and issues its first certificate.
   *
   * @throws ProblemException 409 if the device id is taken or the key already enrolled
   */
  @Transactional
  public Device enrol(UUID organisation, DeviceCsr csr) {
    if (em.find(Organisation.class, organisation) == null) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST, "Organisation " + organisation + " is not registered.");
    }
    DeviceCertificate issued = sign(organisation, csr);
    String id = issued.deviceId().value();
    Device existing = em.find(Device.class, id);
    if (existing != null) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Device "
              + id
              + " is already enrolled; rotate its key with POST /api/devices/"
              + id
              + "/rotate.",
          "device-exists",
          null);
    }
    Device device = new Device(id, organisation);
    em.persist(device);
    em.flush(); // the certificate row references the device
    store(issued);
    LOG.infof("Enrolled device %s for organisation %s", id, organisation);
    return device;
  }

  /**
   * Issues a new certificate for an existing device and revokes its current ones as superseded:
   * what the old key signed before now still verifies, nothing it signs from now on does.
   */
  @Transactional
  public EnrolledCertificate rotate(Device device, DeviceCsr csr) {
    DeviceCertificate certificate = sign(device.organisationId(), csr);
    if (!certificate.deviceId().value().equals(device.id())) {
      throw new ProblemException(
          ProblemType.INVALID_CSR,
          "The CSR is for device " + certificate.deviceId() + ", not " + device.id() + ".",
          "device-id-mismatch",
          null);
    }
    Instant now = Instant.now();
    EnrolledCertificate issued = store(certificate);
    for (EnrolledCertificate old : certificates(device.id())) {
      if (!old.serial().equals(issued.serial()) && !old.isRevoked()) {
        old.revoke(now, "superseded");
        keys.forget(KeyId.fromBytes(old.kid()));
      }
    }
    LOG.infof("Rotated the key of device %s: new certificate %s", device.id(), issued.serial());
    return issued;
  }

  /**
   * Revokes one certificate of a device, or all its unrevoked ones when {@code serial} is empty.
   *
   * @return how many certificates this revoked
   */
  @Transactional
  public int revoke(Device device, String reason, Optional<java.math.BigInteger> serial) {
    Instant now = Instant.now();
    int revoked = 0;
    boolean found = serial.isEmpty();
    for (EnrolledCertificate certificate : certificates(device.id())) {
      if (serial.isPresent() && !serial.get().equals(certificate.serial())) {
        continue;
      }
      found = true;
      if (!certificate.isRevoked()) {
        certificate.revoke(now, reason);
        keys.forget(KeyId.fromBytes(certificate.kid()));
        revoked++;
      }
    }
    if (!found) {
      throw new ProblemException(
          ProblemType.NOT_FOUND,
          "Device " + device.id() + " has no certificate with serial " + serial.get() + ".");
    }
    LOG.infof("Revoked %d certificate(s) of device %s (%s)", revoked, device.id(), reason);
    return revoked;
  }

  /** Checks the CSR (proof of possession, key type, device id) and signs a certificate. */
  private DeviceCertificate sign(UUID organisation, DeviceCsr csr) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try {
      return DeviceEnrolment.issue(
          ca.issuing(),
          csr,
          organisation.toString(),
          now.minusSeconds(60),
          now.plus(config.deviceValidity()));
    } catch (IssuanceException e) {
      throw invalidCsr(e);
    }
  }

  private EnrolledCertificate store(DeviceCertificate issued) {
    KeyId kid = issued.keyId();
    Long taken =
        em.createQuery("select count(c) from EnrolledCertificate c where c.kid = :kid", Long.class)
            .setParameter("kid", kid.bytes())
            .getSingleResult();
    if (taken > 0) {
      throw new ProblemException(
          ProblemType.CONFLICT,
          "Key " + kid.hex() + " is already enrolled; every certificate needs a new key.",
          "key-reused",
          null);
    }
    EnrolledCertificate row = new EnrolledCertificate(issued);
    em.persist(row);
    keys.forget(kid);
    return row;
  }

  public Optional<Device> find(String id) {
    return Optional.ofNullable(em.find(Device.class, id));
  }

  public List<Device> ofOrganisation(UUID organisation) {
    return em.createQuery(
            "select d from Device d where d.organisationId = :org order by d.id", Device.class)
        .setParameter("org", organisation)
        .getResultList();
  }

  /** A device's certificates, in the order they were issued. */
  public List<EnrolledCertificate> certificates(String deviceId) {
    return em.createQuery(
            "select c from EnrolledCertificate c where c.deviceId = :id order by c.createdAt, c.serial",
            EnrolledCertificate.class)
        .setParameter("id", deviceId)
        .getResultList();
  }

  /** Every revoked certificate, for the revocation list, in revocation order. */
  public List<EnrolledCertificate> revoked() {
    return em.createQuery(
            "select c from EnrolledCertificate c where c.revokedAt is not null"
                + " order by c.revokedAt, c.serial",
            EnrolledCertificate.class)
        .getResultList();
  }
}
