package org.tracemark.ledger.witness;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.cosignature.Cosignature;
import org.tracemark.ledger.merkle.TreeSize;

/**
 * Every outcome of {@code add-checkpoint}, each with the HTTP status c2sp.org/tlog-witness
 * prescribes, so the HTTP layer maps results without re-deciding them. Messages are for logs and
 * problem details; only {@link Cosigned} and {@link Conflict} bodies are defined by the spec.
 */
public sealed interface AddCheckpointResult {

  /** The HTTP status the spec prescribes for this outcome. */
  int status();

  /** The response body the spec prescribes, or a one-line reason for refusals. */
  String body();

  /** The response media type. */
  default String contentType() {
    return "text/plain; charset=utf-8";
  }

  /**
   * 200: the checkpoint was consistent, the new state is durable, here are the cosignatures.
   *
   * @param checkpoint what was cosigned
   * @param cosignatures one per witness key; {@link #body()} is their signature lines
   */
  record Cosigned(Checkpoint checkpoint, List<Cosignature> cosignatures)
      implements AddCheckpointResult {
    public Cosigned {
      Objects.requireNonNull(checkpoint, "checkpoint");
      cosignatures = List.copyOf(cosignatures);
      if (cosignatures.isEmpty()) {
        throw new IllegalArgumentException("a cosigned result has at least one cosignature");
      }
    }

    @Override
    public int status() {
      return 200;
    }

    @Override
    public String body() {
      return cosignatures.stream().map(c -> c.line().line()).collect(Collectors.joining());
    }
  }

  /** 400: the request or its note is malformed, or the old size is larger than the checkpoint's. */
  record Malformed(String reason) implements AddCheckpointResult {
    public Malformed {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public int status() {
      return 400;
    }

    @Override
    public String body() {
      return reason + "\n";
    }
  }

  /** 403: no valid signature by a key trusted for the origin, or a trusted key's is invalid. */
  record Forbidden(String origin, String reason) implements AddCheckpointResult {
    public Forbidden {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public int status() {
      return 403;
    }

    @Override
    public String body() {
      return reason + "\n";
    }
  }

  /** 404: the witness does not follow a log with this origin. */
  record UnknownOrigin(String origin) implements AddCheckpointResult {
    public UnknownOrigin {
      Objects.requireNonNull(origin, "origin");
    }

    @Override
    public int status() {
      return 404;
    }

    @Override
    public String body() {
      String shown = origin.length() <= 64 ? origin : origin.substring(0, 64) + "…";
      return "unknown log origin \"" + shown + "\"\n";
    }
  }

  /**
   * 409: the old size is not the size the witness last cosigned for this log; the body is that
   * size, so the client can retry with a proof from it.
   */
  record Conflict(String origin, TreeSize latestSize) implements AddCheckpointResult {
    /** tlog-witness: the 409 body is a decimal size and a newline, of this type. */
    public static final String CONTENT_TYPE = "text/x.tlog.size";

    public Conflict {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(latestSize, "latestSize");
    }

    @Override
    public int status() {
      return 409;
    }

    @Override
    public String body() {
      return latestSize.value() + "\n";
    }

    @Override
    public String contentType() {
      return CONTENT_TYPE;
    }
  }

  /**
   * 422: validly signed by the log but not consistent with what the witness cosigned, or a proof
   * where none belongs, or a size-0 checkpoint with a non-empty root. The checkpoint is evidence of
   * possible log misbehaviour, worth keeping (tlog-witness allows logging it).
   */
  record Unprocessable(Checkpoint checkpoint, String reason) implements AddCheckpointResult {
    public Unprocessable {
      Objects.requireNonNull(checkpoint, "checkpoint");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public int status() {
      return 422;
    }

    @Override
    public String body() {
      return reason + "\n";
    }
  }
}
