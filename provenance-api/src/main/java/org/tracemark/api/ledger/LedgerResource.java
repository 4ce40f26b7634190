package org.tracemark.api.ledger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.log.MissingTileException;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.storage.StorageException;
import org.tracemark.ledger.tile.BundleIndex;
import org.tracemark.ledger.tile.MalformedTilePathException;
import org.tracemark.ledger.tile.TileIndex;

/**
 * The ledger as a C2SP tlog-tiles log (DESIGN §3, a contract): anyone can fetch the signed
 * checkpoint and the tiles and re-verify everything with any tlog client, without trusting us.
 */
@Path("/ledger")
@Tag(name = "Ledger", description = "C2SP tlog-tiles transparency log (anonymous)")
public class LedgerResource {

  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  /** A partial tile's bytes never change either, but it is replaced by the full tile later. */
  static final String PARTIAL = "public, max-age=3600";

  static final String TEXT = "text/plain; charset=utf-8";

  private final Ledger ledger;

  public LedgerResource(Ledger ledger) {
    this.ledger = ledger;
  }

  /** Proof hashes, base64 as in checkpoints. */
  public record InclusionProof(long index, long size, List<String> hashes) {}

  public record ConsistencyProof(long from, long to, List<String> hashes) {}

  @GET
  @Path("/checkpoint")
  @Produces(TEXT)
  @Operation(summary = "The latest signed checkpoint (C2SP tlog-checkpoint as a signed note)")
  public Response checkpoint() throws StorageException {
    byte[] note =
        ledger.checkpoint().orElseThrow(() -> new NotFoundException("No checkpoint signed yet"));
    return Response.ok(note, TEXT).header("Cache-Control", "no-cache").build();
  }

  @GET
  @Path("/vkey")
  @Produces(TEXT)
  @Operation(summary = "The log's note verifier key: name+hex8+base64(0x01||pubkey)")
  public Response verifierKey() {
    return Response.ok(ledger.verifierKey() + "\n", TEXT).header("Cache-Control", PARTIAL).build();
  }

  @GET
  @Path("/tile/{path: .+}")
  @Produces(MediaType.APPLICATION_OCTET_STREAM)
  @Operation(
      summary = "A hash tile tile/{L}/{N}[.p/{W}] or an entry bundle tile/entries/{N}[.p/{W}]")
  public Response tile(@PathParam("path") String path) throws StorageException {
    String full = "tile/" + path;
    LogReader reader = new LogReader(ledger.storage());
    try {
      byte[] data;
      boolean partial;
      if (path.startsWith("entries/")) {
        BundleIndex bundle = BundleIndex.parse(full);
        data = reader.bundle(bundle);
        partial = bundle.isPartial();
      } else {
        TileIndex tile = TileIndex.parse(full);
        data = reader.tile(tile);
        partial = tile.isPartial();
      }
      return Response.ok(data, MediaType.APPLICATION_OCTET_STREAM)
          .header("Cache-Control", partial ? PARTIAL : IMMUTABLE)
          .build();
    } catch (MalformedTilePathException e) {
      throw new ProblemException(ProblemType.INVALID_REQUEST, e.getMessage());
    } catch (MissingTileException e) {
      throw new NotFoundException("The log has no " + full + " (yet)");
    }
  }

  @GET
  @Path("/proof/inclusion")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "RFC 9162 inclusion proof of entry `index` in the tree of `size` entries")
  public InclusionProof inclusion(@QueryParam("index") Long index, @QueryParam("size") Long size)
      throws StorageException {
    long n = treeSize("size", size);
    if (index == null || index < 0 || index >= n) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          "index must be given and within 0.." + (n - 1) + ", not " + index);
    }
    return new InclusionProof(index, n, base64(ledger.inclusionProof(index, n)));
  }

  @GET
  @Path("/proof/consistency")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "RFC 9162 consistency proof between tree sizes `from` and `to`")
  public ConsistencyProof consistency(@QueryParam("from") Long from, @QueryParam("to") Long to)
      throws StorageException {
    long newer = treeSize("to", to);
    if (from == null || from < 1 || from > newer) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          "from must be given and within 1.." + newer + ", not " + from);
    }
    return new ConsistencyProof(from, newer, base64(ledger.consistencyProof(from, newer)));
  }

  private long treeSize(String name, Long value) throws StorageException {
    long committed = ledger.state().size().value();
    if (value == null || value < 1 || value > committed) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          name + " must be given and within 1.." + committed + " (the log's size), not " + value);
    }
    return value;
  }

  private static List<String> base64(List<Hash> hashes) {
    return hashes.stream().map(Hash::base64).toList();
  }
}
