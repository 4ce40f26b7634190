package org.tracemark.api.ledger;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.auth.Caller;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.epcis.EpcisEventsResource;
import org.tracemark.api.epcis.EventStore;
import org.tracemark.api.problem.Problem;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.ledger.storage.StorageException;

/**
 * Proofs that something is in the ledger (issue 8): the entry exactly as logged, its index, the RFC
 * 9162 inclusion proof and the signed checkpoint it is proven against — everything a client needs
 * to check it offline against the log's verifier key ({@code GET /ledger/vkey}), with no further
 * request.
 */
@Path("/api/proofs")
@Tag(name = "Proofs")
public class ProofResource {

  private final LedgerProofs proofs;
  private final EventStore events;
  private final Caller caller;
  private final DataSource dataSource;
  private final String schema;

  public ProofResource(
      LedgerProofs proofs,
      EventStore events,
      Caller caller,
      DataSource dataSource,
      @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.proofs = proofs;
    this.events = events;
    this.caller = caller;
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /**
   * An entry's proof of inclusion.
   *
   * @param entry base64 of the entry's bytes (deterministic CBOR, DESIGN §3)
   * @param leafHash base64 of SHA-256(0x00 ‖ entry)
   * @param treeSize the size of the checkpoint's tree
   * @param inclusionProof base64 hashes, RFC 9162 §2.1.3
   * @param checkpoint the signed checkpoint note (C2SP tlog-checkpoint), as {@code
   *     /ledger/checkpoint} served it
   */
  public record EntryProof(
      String subject,
      long index,
      String entry,
      String leafHash,
      long treeSize,
      List<String> inclusionProof,
      String checkpoint) {}

  @GET
  @Path("/events/{eventID: .+}")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.CUSTOMS, Roles.AUDITOR, Roles.ADMIN})
  @Operation(
      summary = "Inclusion proof of a captured EPCIS event",
      description =
          "The eventID percent-encoded as one path segment. The entry is the event's epcis ledger"
              + " entry; the proof is against the newest signed checkpoint.")
  @APIResponse(responseCode = "200", description = "The entry, its index, proof and checkpoint")
  @APIResponse(
      responseCode = "404",
      description = "not-found: no such event the caller may read",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description =
          "not-anchored-yet (conflict): captured, not yet in a signed checkpoint; retry in a second")
  public EntryProof event(@PathParam("eventID") String raw) throws SQLException, StorageException {
    String eventId = EpcisEventsResource.decodePath(raw);
    Optional<UUID> scope = caller.readScope();
    EventStore.StoredEvent event =
        events
            .find(eventId)
            .filter(e -> scope.isEmpty() || scope.get().equals(e.organisation()))
            .orElseThrow(
                () -> new ProblemException(ProblemType.NOT_FOUND, "No event with this eventID."));
    long index = event.ledgerIndex().orElseThrow(() -> notYet("the event"));
    return proof(event.eventId(), index);
  }

  @GET
  @Path("/readings/{device}/{boot}/{seq}")
  @Produces(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.PRODUCER, Roles.CUSTOMS, Roles.AUDITOR, Roles.ADMIN})
  @Operation(
      summary = "Inclusion proof of a device reading",
      description =
          "The reading (dev, boot, seq) as the device signed it: the entry is its reading ledger"
              + " entry (a batch entry holds the readings seq..seq+n-1), proven against the newest"
              + " signed checkpoint. Producers may ask for their own devices' readings.")
  @APIResponse(responseCode = "200", description = "The entry, its index, proof and checkpoint")
  @APIResponse(
      responseCode = "404",
      description = "not-found: no such anchored reading the caller may read",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @APIResponse(
      responseCode = "409",
      description = "not-anchored-yet (conflict): not yet in a signed checkpoint; retry")
  public EntryProof reading(
      @PathParam("device") String device, @PathParam("boot") long boot, @PathParam("seq") long seq)
      throws SQLException, StorageException {
    Optional<UUID> scope = caller.readScope();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT a.ledger_index FROM "
                    + schema
                    + ".anchored_reading a"
                    + " WHERE a.device_id = ? AND a.boot = ? AND a.first_seq <= ? AND a.last_seq >= ?"
                    + (scope.isPresent()
                        ? " AND a.device_id IN (SELECT id FROM "
                            + schema
                            + ".device WHERE organisation_id = ?)"
                        : "")
                    + " ORDER BY a.first_seq DESC LIMIT 1")) {
      s.setString(1, device);
      s.setLong(2, boot);
      s.setLong(3, seq);
      s.setLong(4, seq);
      if (scope.isPresent()) {
        s.setObject(5, scope.get());
      }
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) {
          throw new ProblemException(
              ProblemType.NOT_FOUND,
              "No anchored reading ("
                  + Problem.echo(device, 120)
                  + ", "
                  + boot
                  + ", "
                  + seq
                  + ") that the caller may read.");
        }
        return proof(device + "/" + boot + "/" + seq, rs.getLong(1));
      }
    }
  }

  /** The proof of entry {@code index} against the newest signed checkpoint that covers it. */
  EntryProof proof(String subject, long index) throws StorageException {
    LedgerProofs.SignedState checkpoint =
        proofs.checkpoint().orElseThrow(() -> notYet("the entry"));
    if (index >= checkpoint.size()) {
      throw notYet("entry " + index);
    }
    LedgerProofs.EntryProof proof = proofs.prove(index, checkpoint.size());
    return new EntryProof(
        subject,
        index,
        proof.entry(),
        proof.leafHash(),
        proof.treeSize(),
        proof.inclusionProof(),
        checkpoint.note());
  }

  private static ProblemException notYet(String what) {
    return new ProblemException(
        ProblemType.CONFLICT,
        what + " is not in a signed checkpoint yet (checkpoints follow within a second); retry.",
        "not-anchored-yet",
        null);
  }
}
