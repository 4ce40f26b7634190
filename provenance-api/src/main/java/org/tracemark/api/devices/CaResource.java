package org.tracemark.api.devices;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.keys.pki.IssuanceException;
import org.tracemark.keys.pki.Revocation;
import org.tracemark.keys.pki.RevocationList;

/**
 * What anyone needs to check a device certificate without asking us again: the CA chain, the signed
 * CRL and the same revocations as JSON. Public, like the ledger.
 */
@Path("/api/ca")
@Tag(name = "Devices")
public class CaResource {

  /** A CRL is valid for an hour; relying parties fetch a new one after that. */
  private static final Duration CRL_VALIDITY = Duration.ofHours(1);

  /** One revoked certificate. */
  public record RevokedView(
      String serial, String kid, String device, Instant revokedAt, String reason) {}

  private final DeviceCa ca;
  private final DeviceRegistry registry;

  public CaResource(DeviceCa ca, DeviceRegistry registry) {
    this.ca = ca;
    this.registry = registry;
  }

  @GET
  @Path("/chain")
  @Produces("application/pem-certificate-chain")
  @Operation(summary = "The device CA chain (issuing CA, then root), PEM")
  public String chain() {
    return ca.chainPem();
  }

  @GET
  @Path("/crl")
  @Produces("application/pkix-crl")
  @Operation(summary = "The certificate revocation list (DER), signed by the issuing CA")
  public Response crl() throws IssuanceException {
    List<EnrolledCertificate> revoked = registry.revoked();
    List<Revocation> entries =
        revoked.stream()
            .map(
                c ->
                    new Revocation(
                        c.serial(),
                        c.revokedAt().orElseThrow(),
                        DeviceResource.parseReason(c.revocationReason().orElseThrow())))
            .toList();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant newest =
        entries.stream().map(Revocation::revokedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
    // The CRL number grows with time, so a later CRL always has a larger number (RFC 5280 §5.2.3).
    RevocationList crl =
        RevocationList.issue(
            ca.issuing(),
            entries,
            now.isBefore(newest) ? newest : now,
            now.plus(CRL_VALIDITY),
            BigInteger.valueOf(now.getEpochSecond()));
    return Response.ok(crl.der()).header("Cache-Control", "public, max-age=60").build();
  }

  @GET
  @Path("/revocations")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Every revoked device certificate, oldest revocation first")
  public List<RevokedView> revocations() {
    return registry.revoked().stream()
        .map(
            c ->
                new RevokedView(
                    c.serial().toString(),
                    HexFormat.of().formatHex(c.kid()),
                    c.deviceId(),
                    c.revokedAt().orElseThrow(),
                    c.revocationReason().orElseThrow()))
        .toList();
  }
}
