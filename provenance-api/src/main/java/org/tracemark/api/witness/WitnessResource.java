package org.tracemark.api.witness;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.ledger.witness.AddCheckpointRequest;
import org.tracemark.ledger.witness.AddCheckpointResult;
import org.tracemark.ledger.witness.WitnessStateException;

/**
 * The witness's HTTP face, exactly as C2SP tlog-witness prescribes: the status codes and bodies
 * come from the library's result, so this class adds nothing but HTTP.
 */
@Path("/witness")
@Tag(name = "Witness", description = "C2SP tlog-witness (when the witness role is on)")
public class WitnessResource {

  private final LocalWitness witness;

  public WitnessResource(LocalWitness witness) {
    this.witness = witness;
  }

  @POST
  @Path("/add-checkpoint")
  @Consumes("*/*")
  @Operation(
      summary = "add-checkpoint: old size, consistency proof and a signed checkpoint to cosign")
  public Response addCheckpoint(InputStream body) throws IOException, WitnessStateException {
    if (!witness.enabled()) {
      throw new NotFoundException("The witness role is off on this server");
    }
    byte[] request = body.readNBytes(AddCheckpointRequest.MAX_SIZE + 1);
    if (request.length > AddCheckpointRequest.MAX_SIZE) {
      throw new ProblemException(
          ProblemType.PAYLOAD_TOO_LARGE,
          "an add-checkpoint request is at most " + AddCheckpointRequest.MAX_SIZE + " bytes");
    }
    AddCheckpointResult result = witness.addCheckpoint(request);
    return Response.status(result.status())
        .type(result.contentType())
        .entity(result.body())
        .build();
  }
}
