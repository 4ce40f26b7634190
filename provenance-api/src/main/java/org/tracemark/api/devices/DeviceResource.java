package org.tracemark.api.devices;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.auth.Caller;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.keys.pki.RevocationReason;

/** Device enrolment (CSR → certificate), rotation and revocation, scoped to the caller's org. */
@Path("/api/devices")
@Tag(name = "Devices")
public class DeviceResource {

  /** {@code csr}: PKCS#10 PEM made on the device; {@code organisation}: for admins only. */
  public record EnrolmentRequest(String csr, UUID organisation) {}

  public record RotationRequest(String csr) {}

  /**
   * {@code reason}: {@code key-compromise} (default), {@code superseded}, {@code
   * cessation-of-operation} or {@code unspecified}; {@code serial}: one certificate, else all.
   */
  public record RevocationRequest(String reason, String serial) {}

  private final DeviceRegistry registry;
  private final DeviceCa ca;
  private final Caller caller;

  public DeviceResource(DeviceRegistry registry, DeviceCa ca, Caller caller) {
    this.registry = registry;
    this.ca = ca;
    this.caller = caller;
  }

  @POST
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Operation(
      summary = "Enrol a device",
      description =
          "Checks the CSR (made on the device; its signature proves possession of the key), issues"
              + " a certificate binding the device id to the caller's organisation and key.")
  public Response enrol(EnrolmentRequest request) {
    if (request == null) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, "The request needs a body.");
    }
    UUID organisation;
    if (caller.isAdmin() && request.organisation() != null) {
      organisation = request.organisation();
    } else {
      organisation = caller.requireOrganisation();
      if (request.organisation() != null && !request.organisation().equals(organisation)) {
        throw new ProblemException(
            ProblemType.FORBIDDEN,
            "Devices can only be enrolled for your own organisation (" + organisation + ").",
            "not-your-organisation",
            null);
      }
    }
    Device device = registry.enrol(organisation, DeviceRegistry.parseCsr(request.csr()));
    return Response.created(URI.create("/api/devices/" + device.id()))
        .type(MediaType.APPLICATION_JSON)
        .entity(view(device))
        .build();
  }

  @GET
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN, Roles.AUDITOR})
  @Operation(summary = "List the caller's organisation's devices")
  public List<DeviceView> list() {
    UUID organisation = caller.requireOrganisation();
    return registry.ofOrganisation(organisation).stream().map(this::view).toList();
  }

  @GET
  @Path("/{id}")
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN, Roles.AUDITOR})
  @Operation(summary = "A device and its certificates")
  public DeviceView get(@PathParam("id") String id) {
    Device device = owned(id);
    return view(device);
  }

  @POST
  @Path("/{id}/rotate")
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Operation(
      summary = "Rotate a device's key",
      description =
          "Issues a certificate for the new key in the CSR and revokes the current ones as"
              + " superseded: readings the old key signed before now still verify.")
  public Response rotate(@PathParam("id") String id, RotationRequest request) {
    Device device = owned(id);
    registry.rotate(device, DeviceRegistry.parseCsr(request == null ? null : request.csr()));
    return Response.created(URI.create("/api/devices/" + device.id()))
        .type(MediaType.APPLICATION_JSON)
        .entity(view(device))
        .build();
  }

  @POST
  @Path("/{id}/revoke")
  @RolesAllowed({Roles.PRODUCER, Roles.ADMIN})
  @Operation(
      summary = "Revoke a device's certificates",
      description =
          "Verifiers refuse what the revoked keys send from now on (within seconds, everywhere).")
  public DeviceView revoke(@PathParam("id") String id, RevocationRequest request) {
    Device device = owned(id);
    RevocationReason reason =
        parseReason(
            request == null || request.reason() == null ? "key-compromise" : request.reason());
    Optional<BigInteger> serial = Optional.empty();
    if (request != null && request.serial() != null) {
      try {
        serial = Optional.of(new BigInteger(request.serial()));
      } catch (NumberFormatException e) {
        throw new ProblemException(
            ProblemType.INVALID_REQUEST,
            "serial must be a decimal number, not " + request.serial());
      }
    }
    registry.revoke(device, reason.code(), serial);
    return view(device);
  }

  private Device owned(String id) {
    Device device =
        registry
            .find(id)
            .orElseThrow(
                () -> new ProblemException(ProblemType.NOT_FOUND, "No device " + id + "."));
    caller.requireOwnerOrAdmin(device.organisationId(), "Device " + id);
    return device;
  }

  private DeviceView view(Device device) {
    return DeviceView.of(device, registry.certificates(device.id()), ca.chainPem());
  }

  static RevocationReason parseReason(String code) {
    for (RevocationReason reason : RevocationReason.values()) {
      if (reason.code().equals(code)) {
        return reason;
      }
    }
    throw new ProblemException(
        ProblemType.INVALID_REQUEST,
        "reason must be key-compromise, superseded, cessation-of-operation or unspecified, not "
            + code);
  }
}
