package org.tracemark.verify;

import java.nio.file.Path;
import java.util.Objects;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.CheckpointException;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeSize;

/**
 * Exactly what a check found wrong, with the evidence: which URL, which size, which root was
 * expected and which was computed. {@link #message()} is one line a person can act on; the record
 * components are for programs.
 *
 * <p>Failures fall in three groups. The log is unreachable or answers outside the protocol ({@link
 * Unreachable}, {@link UnexpectedStatus}, {@link MissingTile}, {@link RedirectRefused}, {@link
 * ResponseTooLarge}, {@link MalformedResponse}): nothing is proven either way. The log is caught
 * out ({@link BadSignature}, {@link OriginMismatch}, {@link RootMismatch}, {@link Rollback}, {@link
 * Inconsistent}, {@link ServerProofRejected}, {@link EntryNotIncluded}, {@link EntryMismatch}): a
 * signed statement or served data contradicts itself or an earlier one. Or the local side failed
 * ({@link LocalState}, {@link EntryOutOfRange}).
 */
public sealed interface Failure {

  /** One line, without the {@code FAIL:} prefix. */
  String message();

  /** No complete response: connection refused, reset, DNS, TLS, timeout. */
  record Unreachable(String url, String reason) implements Failure {
    @Override
    public String message() {
      return "cannot fetch " + url + ": " + reason;
    }
  }

  /** The checkpoint or a proof was answered with something other than 200. */
  record UnexpectedStatus(String url, int status) implements Failure {
    @Override
    public String message() {
      return "GET " + url + " answered HTTP " + status + ", expected 200";
    }
  }

  /**
   * A tile or entry bundle the checkpoint covers was not served. The log must serve every tile of
   * every checkpoint it signed, so this is a failure of the log, not of the verifier.
   *
   * @param tilePath relative to the log prefix, e.g. {@code tile/1/000.p/3}
   */
  record MissingTile(String tilePath, String url, int status) implements Failure {
    @Override
    public String message() {
      return "missing tile "
          + tilePath
          + ": GET "
          + url
          + " answered HTTP "
          + status
          + ", but the checkpoint covers it";
    }
  }

  /** A redirect to another scheme, host or port, or too many redirects. */
  record RedirectRefused(String url, String location, String reason) implements Failure {
    @Override
    public String message() {
      return "GET " + url + " redirected to " + location + ": refused, " + reason;
    }
  }

  /** A response body above what the protocol allows for it. */
  record ResponseTooLarge(String url, long limit, String detail) implements Failure {
    @Override
    public String message() {
      return "GET " + url + ": response over the " + limit + "-byte limit (" + detail + ")";
    }
  }

  /** A response that is not what the protocol says it is: a tile of the wrong length, bad JSON. */
  record MalformedResponse(String url, String reason) implements Failure {
    @Override
    public String message() {
      return "malformed response from " + url + ": " + reason;
    }
  }

  /**
   * The checkpoint has no valid signature by the log's key.
   *
   * @param problem {@code NOT_SIGNED_BY_LOG} (no line by the key, e.g. signed by another key under
   *     the same name) or {@code INVALID_LOG_SIGNATURE} (a line by the key that does not verify)
   * @param detail the note verifier's explanation, naming the keys expected and found
   */
  record BadSignature(CheckpointException.Problem problem, String detail) implements Failure {
    @Override
    public String message() {
      return (problem == CheckpointException.Problem.INVALID_LOG_SIGNATURE
              ? "invalid log signature on the checkpoint: "
              : "checkpoint not signed by the log's key: ")
          + detail;
    }
  }

  /** A checkpoint validly signed by the log's key, but of another origin. */
  record OriginMismatch(String expected, String served) implements Failure {
    @Override
    public String message() {
      return "origin mismatch: expected a checkpoint of \""
          + expected
          + "\", the log served one of \""
          + served
          + "\"";
    }
  }

  /** The root recomputed from the tiles is not the root the checkpoint signs. */
  record RootMismatch(TreeSize size, Hash expected, Hash computed, int tilesUsed)
      implements Failure {
    @Override
    public String message() {
      return "root mismatch at size "
          + size.value()
          + ": the checkpoint signs "
          + expected.hex()
          + ", the "
          + tilesUsed
          + " tiles fetched hash to "
          + computed.hex();
    }
  }

  /**
   * The log served a checkpoint smaller than one it served before: a rollback (or a stale cache in
   * front of it).
   *
   * @param servedNote the signed checkpoint as served: with the state file's checkpoint, evidence
   */
  record Rollback(Checkpoint lastSeen, Checkpoint served, String servedNote) implements Failure {
    @Override
    public String message() {
      return "rollback: the log served size "
          + served.size().value()
          + " (root "
          + served.root().hex()
          + ") after size "
          + lastSeen.size().value()
          + " (root "
          + lastSeen.root().hex()
          + ") was seen";
    }
  }

  /**
   * Two signed checkpoints that cannot both be views of one append-only log: the same size with
   * different roots, or a later tree whose tiles do not contain the earlier one (a fork).
   *
   * @param servedNote the signed checkpoint as served: with the state file's checkpoint, evidence
   *     of a split view
   */
  record Inconsistent(Checkpoint lastSeen, Checkpoint served, String detail, String servedNote)
      implements Failure {
    @Override
    public String message() {
      return "inconsistent with the last checkpoint seen: size "
          + lastSeen.size().value()
          + " root "
          + lastSeen.root().hex()
          + " is not a prefix of size "
          + served.size().value()
          + " root "
          + served.root().hex()
          + ": "
          + detail;
    }
  }

  /**
   * The server's own proof endpoint answered a proof that does not verify, although the tiles did:
   * the endpoint lies or is broken, and clients that trust it would be misled.
   *
   * @param what {@code consistency proof from 10 to 20} or {@code inclusion proof of entry 3 in
   *     size 20}
   */
  record ServerProofRejected(String url, String what, String detail) implements Failure {
    @Override
    public String message() {
      return "the server's " + what + " (" + url + ") does not verify: " + detail;
    }
  }

  /** The entry asked for is not below the checkpoint's size. */
  record EntryOutOfRange(LeafIndex index, TreeSize size) implements Failure {
    @Override
    public String message() {
      return "entry "
          + index.value()
          + " is not in the log: the checkpoint covers "
          + (size.value() == 0 ? "no entries" : "entries 0.." + (size.value() - 1));
    }
  }

  /** The entry served at an index does not hash into the checkpoint's tree at that index. */
  record EntryNotIncluded(LeafIndex index, TreeSize size, Hash leafHash, String detail)
      implements Failure {
    @Override
    public String message() {
      return "entry "
          + index.value()
          + " (leaf hash "
          + leafHash.hex()
          + ") is not included in the tree of size "
          + size.value()
          + ": "
          + detail;
    }
  }

  /** The entry served at an index is not the bytes the caller expected there. */
  record EntryMismatch(
      LeafIndex index, int expectedLength, Hash expectedLeafHash, int servedLength, Hash servedLeaf)
      implements Failure {
    @Override
    public String message() {
      return "entry "
          + index.value()
          + " differs: expected "
          + expectedLength
          + " bytes with leaf hash "
          + expectedLeafHash.hex()
          + ", the log holds "
          + servedLength
          + " bytes with leaf hash "
          + servedLeaf.hex();
    }
  }

  /** The local state file cannot be locked, read, trusted or written. */
  record LocalState(Path file, String reason) implements Failure {
    public LocalState {
      Objects.requireNonNull(file, "file");
    }

    @Override
    public String message() {
      return "state file " + file + ": " + reason;
    }
  }
}
