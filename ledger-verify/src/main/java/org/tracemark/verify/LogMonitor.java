package org.tracemark.verify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.CheckpointException;
import org.tracemark.ledger.checkpoint.CheckpointVerifier;
import org.tracemark.ledger.checkpoint.SignedCheckpoint;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.MalformedNoteException;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.proof.ProofBuilder;
import org.tracemark.ledger.proof.ProofException;
import org.tracemark.ledger.proof.ProofVerifier;
import org.tracemark.ledger.storage.StorageException;

/**
 * Checks a remote tiled log without trusting its operator, one run at a time, remembering the last
 * verified checkpoint in a state file between runs.
 *
 * <p>A run, in order, stopping at the first failure:
 *
 * <ol>
 *   <li>fetches {@code /ledger/checkpoint} and verifies the log's signature and origin;
 *   <li>compares it with the checkpoint in the state file: a smaller size is a rollback, the same
 *       size with another root a fork;
 *   <li>recomputes the root for the checkpoint's size from the hash tiles on the right edge of the
 *       tree (O(log n) tiles, never the whole log) and compares it with the signed root;
 *   <li>builds a consistency proof from the last checkpoint to this one from the same tiles and
 *       verifies it against both signed roots, then checks that the server's {@code
 *       /ledger/proof/consistency} answer verifies too;
 *   <li>optionally fetches one entry's bundle, checks it against the bytes expected there, and
 *       proves its inclusion from the tiles (and checks the server's inclusion proof);
 *   <li>only then replaces the state file with the new checkpoint.
 * </ol>
 *
 * <p>The server's proof endpoints are never what a run relies on: every proof it accepts is built
 * here from tiles, which the signed root pins down. Thread-safe; runs of one monitor are
 * serialised, and the state file's lock keeps other processes out.
 */
public final class LogMonitor {

  private final MonitoredLog log;
  private final MonitorSettings settings;
  private final CheckpointVerifier verifier;
  private final StateFile state;
  private final LogEndpoint endpoint;

  private LogMonitor(MonitoredLog log, Path stateFile, MonitorSettings settings) {
    this.log = Objects.requireNonNull(log, "log");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.verifier = CheckpointVerifier.of(log.origin(), log.key());
    this.state = new StateFile(stateFile);
    this.endpoint = new LogEndpoint(log, settings);
  }

  public static LogMonitor create(MonitoredLog log, Path stateFile) {
    return create(log, stateFile, MonitorSettings.DEFAULT);
  }

  public static LogMonitor create(MonitoredLog log, Path stateFile, MonitorSettings settings) {
    return new LogMonitor(log, stateFile, settings);
  }

  public MonitoredLog log() {
    return log;
  }

  /** The state file, as an absolute path. */
  public Path stateFile() {
    return state.path();
  }

  /** One run without an entry check and without progress output. */
  public MonitorResult check() {
    return check(Optional.empty(), line -> {});
  }

  /**
   * One run: see the class comment.
   *
   * @param entry an entry to prove included, optionally against the bytes expected there
   * @param progress receives one short line per step that passed
   */
  @SuppressWarnings("try") // the lock is held for the run, not used in it
  public synchronized MonitorResult check(Optional<EntryCheck> entry, Consumer<String> progress) {
    Objects.requireNonNull(entry, "entry");
    Objects.requireNonNull(progress, "progress");
    int requestsBefore = endpoint.requests();
    try (StateFile.Lock lock = state.lock()) {
      Optional<Checkpoint> previous = state.read(verifier).map(SignedCheckpoint::checkpoint);
      progress.accept(
          previous
              .map(p -> "state: last verified " + describe(p) + " (" + state.path() + ")")
              .orElse("state: none yet (" + state.path() + "); this run starts it"));

      byte[] note = endpoint.checkpoint();
      SignedCheckpoint signed = verifyCheckpoint(note);
      Checkpoint served = signed.checkpoint();
      progress.accept(
          "checkpoint: "
              + describe(served)
              + ", signed by "
              + signed.logSignatures().stream()
                  .map(s -> s.name() + "+" + s.keyId())
                  .collect(Collectors.joining(", ")));
      if (previous.isPresent()) {
        checkAgainstLastSeen(previous.get(), served, note);
      }

      HttpTileSource tiles = new HttpTileSource(endpoint, served);
      LogReader reader = new LogReader(tiles);
      Hash computed = reader.rootHash(served.size());
      if (!computed.equals(served.root())) {
        throw new Stop(
            new Failure.RootMismatch(served.size(), served.root(), computed, tiles.tilesFetched()));
      }
      progress.accept("root: recomputed from " + tiles.tilesFetched() + " tiles, matches");

      ProofBuilder proofs = new ProofBuilder(reader);
      if (previous.isPresent()) {
        checkConsistency(previous.get(), served, note, proofs, progress);
      }
      Optional<IncludedEntry> included = Optional.empty();
      if (entry.isPresent()) {
        included = Optional.of(checkEntry(entry.get(), served, reader, proofs, progress));
      }

      boolean grows = previous.map(p -> served.size().compareTo(p.size()) > 0).orElse(true);
      if (grows) {
        state.write(note);
        progress.accept("state: saved size " + served.size().value());
      } else {
        progress.accept("state: unchanged, the log has not grown");
      }
      return new MonitorResult.Verified(
          served, previous, included, endpoint.requests() - requestsBefore, grows);
    } catch (StateFile.StateException e) {
      return new MonitorResult.Failed(new Failure.LocalState(state.path(), e.getMessage()));
    } catch (FetchException e) {
      return new MonitorResult.Failed(e.failure());
    } catch (Stop e) {
      return new MonitorResult.Failed(e.failure);
    } catch (StorageException e) {
      // The tile source answers every read with a tile of the checkpoint's tree or a
      // FetchException, so LogReader has nothing else to complain about; if it still does, the
      // served tiles and the checkpoint do not fit together.
      return new MonitorResult.Failed(
          new Failure.MalformedResponse(
              log.base().toString(), "the tiles do not fit the checkpoint: " + e.getMessage()));
    }
  }

  private SignedCheckpoint verifyCheckpoint(byte[] note) throws Stop {
    try {
      return verifier.verify(note);
    } catch (CheckpointException e) {
      Failure failure =
          switch (e.problem()) {
            case NOT_SIGNED_BY_LOG, INVALID_LOG_SIGNATURE ->
                new Failure.BadSignature(e.problem(), e.getMessage());
            case WRONG_ORIGIN -> new Failure.OriginMismatch(log.origin(), servedOrigin(note));
            case MALFORMED_NOTE, MALFORMED_CHECKPOINT ->
                new Failure.MalformedResponse(endpoint.url("checkpoint"), e.getMessage());
          };
      throw new Stop(failure);
    }
  }

  // Signed statements alone can convict the log here, before any tile is fetched.
  private static void checkAgainstLastSeen(Checkpoint lastSeen, Checkpoint served, byte[] note)
      throws Stop {
    int order = served.size().compareTo(lastSeen.size());
    if (order < 0) {
      throw new Stop(new Failure.Rollback(lastSeen, served, text(note)));
    }
    if (order == 0 && !served.root().equals(lastSeen.root())) {
      throw new Stop(
          new Failure.Inconsistent(
              lastSeen,
              served,
              "two checkpoints of the same size with different roots, both signed by the log",
              text(note)));
    }
  }

  private void checkConsistency(
      Checkpoint lastSeen,
      Checkpoint served,
      byte[] note,
      ProofBuilder proofs,
      Consumer<String> progress)
      throws StorageException, Stop {
    long from = lastSeen.size().value();
    long to = served.size().value();
    if (from == to) {
      progress.accept("consistency: same checkpoint as last run");
      return;
    }
    List<Hash> proof = proofs.consistencyProof(lastSeen.size(), served.size());
    try {
      ProofVerifier.verifyConsistency(from, to, proof, lastSeen.root(), served.root());
    } catch (ProofException e) {
      throw new Stop(
          new Failure.Inconsistent(
              lastSeen,
              served,
              "the new tree's tiles do not contain the old tree (" + e.getMessage() + ")",
              text(note)));
    }
    progress.accept(
        "consistency: size "
            + from
            + " -> "
            + to
            + " proven from tiles ("
            + proof.size()
            + " hashes)");
    // The server refuses from = 0, and the empty tree is a prefix of every tree anyway.
    if (settings.crossCheckServerProofs() && from > 0) {
      ServedProof answer = endpoint.consistencyProof(from, to);
      try {
        ProofVerifier.verifyConsistency(from, to, answer.hashes(), lastSeen.root(), served.root());
      } catch (ProofException e) {
        throw new Stop(
            new Failure.ServerProofRejected(
                answer.url(), "consistency proof from " + from + " to " + to, e.getMessage()));
      }
      progress.accept("consistency: the server's proof agrees");
    }
  }

  private IncludedEntry checkEntry(
      EntryCheck check,
      Checkpoint served,
      LogReader reader,
      ProofBuilder proofs,
      Consumer<String> progress)
      throws StorageException, Stop {
    LeafIndex index = check.index();
    TreeSize size = served.size();
    if (!size.contains(index)) {
      throw new Stop(new Failure.EntryOutOfRange(index, size));
    }
    byte[] entry = reader.entry(index);
    Hash leaf = TreeHasher.leafHash(entry);
    List<Hash> path = proofs.inclusionProof(index, size);
    try {
      ProofVerifier.verifyInclusion(leaf, index.value(), size.value(), path, served.root());
    } catch (ProofException e) {
      throw new Stop(new Failure.EntryNotIncluded(index, size, leaf, e.getMessage()));
    }
    if (check.expected().isPresent() && !check.expected().get().leafHash().equals(leaf)) {
      EntryCheck.Expected expected = check.expected().get();
      throw new Stop(
          new Failure.EntryMismatch(
              index, expected.length(), expected.leafHash(), entry.length, leaf));
    }
    progress.accept(
        "entry "
            + index.value()
            + ": "
            + entry.length
            + " bytes, leaf hash "
            + leaf.hex()
            + ", included"
            + (check.expected().isPresent() ? ", equal to the expected bytes" : ""));
    if (settings.crossCheckServerProofs()) {
      ServedProof answer = endpoint.inclusionProof(index.value(), size.value());
      try {
        ProofVerifier.verifyInclusion(
            leaf, index.value(), size.value(), answer.hashes(), served.root());
      } catch (ProofException e) {
        throw new Stop(
            new Failure.ServerProofRejected(
                answer.url(),
                "inclusion proof of entry " + index.value() + " in size " + size.value(),
                e.getMessage()));
      }
      progress.accept("entry " + index.value() + ": the server's inclusion proof agrees");
    }
    return new IncludedEntry(index, leaf, entry.length, check.expected().isPresent());
  }

  private static String describe(Checkpoint checkpoint) {
    return "size " + checkpoint.size().value() + " root " + checkpoint.root().hex();
  }

  // The origin line of a note that verified but named another log; cut short for the message.
  private static String servedOrigin(byte[] note) {
    try {
      String text = Note.parse(note).text();
      String origin = text.substring(0, Math.max(0, text.indexOf('\n')));
      return origin.length() <= 100 ? origin : origin.substring(0, 100) + "…";
    } catch (MalformedNoteException e) {
      return "(unreadable)";
    }
  }

  private static String text(byte[] note) {
    return new String(note, StandardCharsets.UTF_8);
  }

  /** A check that failed, on its way out of a run. */
  private static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Failure failure;

    Stop(Failure failure) {
      super(failure.message(), null, false, false);
      this.failure = failure;
    }
  }

  @Override
  public String toString() {
    return "LogMonitor[" + log.origin() + " at " + log.base() + ", state " + state.path() + "]";
  }
}
