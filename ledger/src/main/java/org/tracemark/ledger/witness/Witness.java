package org.tracemark.ledger.witness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.MalformedCheckpointException;
import org.tracemark.ledger.cosignature.Cosignature;
import org.tracemark.ledger.cosignature.Ed25519Cosigner;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.Ed25519NoteVerifier;
import org.tracemark.ledger.note.MalformedNoteException;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.note.NoteSignature;
import org.tracemark.ledger.note.NoteVerificationException;
import org.tracemark.ledger.note.VerifiedNote;
import org.tracemark.ledger.proof.ProofException;
import org.tracemark.ledger.proof.ProofVerifier;
import org.tracemark.ledger.witness.AddCheckpointResult.Conflict;
import org.tracemark.ledger.witness.AddCheckpointResult.Cosigned;
import org.tracemark.ledger.witness.AddCheckpointResult.Forbidden;
import org.tracemark.ledger.witness.AddCheckpointResult.Malformed;
import org.tracemark.ledger.witness.AddCheckpointResult.UnknownOrigin;
import org.tracemark.ledger.witness.AddCheckpointResult.Unprocessable;

/**
 * A transparency-log witness (c2sp.org/tlog-witness, {@code add-checkpoint}): it follows a fixed
 * set of logs and cosigns a checkpoint only if it is validly signed by its log and consistent with
 * the last checkpoint it cosigned for that log, so that everyone holding its cosignatures saw the
 * same, append-only history.
 *
 * <p>The checks, in the spec's order, each with its own result: a malformed request or note is
 * {@link Malformed} (400); an origin it does not follow is {@link UnknownOrigin} (404); no valid
 * signature by the log, or an invalid one by a log key, is {@link Forbidden} (403); an old size
 * above the checkpoint's is {@link Malformed} (400); an old size other than the last cosigned size
 * is {@link Conflict} (409, carrying that size); a size-0 checkpoint without the empty root, a
 * proof where none belongs or a proof that does not verify is {@link Unprocessable} (422).
 * Otherwise the new state is made durable and only then are the cosignatures returned ({@link
 * Cosigned}, 200). A smaller tree can never be cosigned after a larger one: its old size would have
 * to be the larger size, above its own. Resubmitting the last cosigned checkpoint (same size and
 * root, empty proof) is cosigned again with a fresh timestamp.
 *
 * <p>Checking the old size and recording the new state happen under one lock per log and through
 * {@link WitnessState#compareAndSet}, so two concurrent requests cannot roll a log back (the race
 * the spec describes). Thread-safe.
 */
public final class Witness {

  private final Map<String, List<Ed25519NoteVerifier>> logs;
  private final Map<String, String> originsByHash;
  private final Map<String, ReentrantLock> locks;
  private final List<Ed25519Cosigner> cosigners;
  private final WitnessState state;

  private Witness(
      Map<String, List<Ed25519NoteVerifier>> logs,
      List<Ed25519Cosigner> cosigners,
      WitnessState state) {
    this.logs = Map.copyOf(logs);
    this.cosigners = List.copyOf(cosigners);
    this.state = state;
    Map<String, String> byHash = new HashMap<>();
    Map<String, ReentrantLock> lockMap = new HashMap<>();
    for (String origin : logs.keySet()) {
      byHash.put(originHash(origin), origin);
      lockMap.put(origin, new ReentrantLock());
    }
    this.originsByHash = Map.copyOf(byHash);
    this.locks = Map.copyOf(lockMap);
  }

  /**
   * A witness following {@code logs}, cosigning with each of {@code cosigners}, remembering in
   * {@code state}.
   *
   * @throws IllegalArgumentException no log or no cosigner, an origin twice, two keys of one log
   *     with the same name and key ID, or two cosigners with the same name and key ID
   */
  public static Witness create(
      List<WitnessedLog> logs, List<Ed25519Cosigner> cosigners, WitnessState state) {
    Objects.requireNonNull(state, "state");
    if (logs.isEmpty()) {
      throw new IllegalArgumentException("a witness follows at least one log");
    }
    if (cosigners.isEmpty()) {
      throw new IllegalArgumentException("a witness has at least one cosigning key");
    }
    Map<String, List<Ed25519NoteVerifier>> verifiers = new HashMap<>();
    for (WitnessedLog log : logs) {
      Set<String> ids = new HashSet<>();
      List<Ed25519NoteVerifier> keys = new ArrayList<>();
      for (var key : log.keys()) {
        if (!ids.add(key.name() + "+" + key.keyId())) {
          throw new IllegalArgumentException(
              "log " + log.origin() + " has two keys " + key.name() + "+" + key.keyId());
        }
        keys.add(Ed25519NoteVerifier.of(key));
      }
      if (verifiers.put(log.origin(), List.copyOf(keys)) != null) {
        throw new IllegalArgumentException("log " + log.origin() + " is configured twice");
      }
    }
    Set<String> cosignerIds = new HashSet<>();
    for (Ed25519Cosigner cosigner : cosigners) {
      if (!cosignerIds.add(cosigner.name() + "+" + cosigner.keyId())) {
        throw new IllegalArgumentException(
            "two cosigners " + cosigner.name() + "+" + cosigner.keyId());
      }
    }
    return new Witness(verifiers, cosigners, state);
  }

  /**
   * Handles one {@code add-checkpoint} request body.
   *
   * @throws WitnessStateException the state could not be read or written (answer 5xx); nothing was
   *     cosigned
   */
  public AddCheckpointResult addCheckpoint(byte[] requestBody) throws WitnessStateException {
    AddCheckpointRequest request;
    Note note;
    Checkpoint checkpoint;
    try {
      request = AddCheckpointRequest.parse(requestBody);
      note = Note.parse(request.signedCheckpoint());
      checkpoint = Checkpoint.parse(note.text());
    } catch (MalformedRequestException | MalformedNoteException | MalformedCheckpointException e) {
      return new Malformed(e.getMessage());
    }
    List<Ed25519NoteVerifier> logKeys = logs.get(checkpoint.origin());
    if (logKeys == null) {
      return new UnknownOrigin(checkpoint.origin());
    }
    VerifiedNote verified;
    try {
      verified = note.verify(logKeys);
    } catch (NoteVerificationException e) {
      return new Forbidden(checkpoint.origin(), e.getMessage());
    }
    TreeSize oldSize = request.oldSize();
    TreeSize size = checkpoint.size();
    if (oldSize.compareTo(size) > 0) {
      return new Malformed("old size " + oldSize + " is larger than the checkpoint size " + size);
    }
    if (size.value() == 0 && !checkpoint.root().equals(TreeHasher.EMPTY_ROOT)) {
      return new Unprocessable(
          checkpoint,
          "a checkpoint of size 0 has root "
              + TreeHasher.EMPTY_ROOT.base64()
              + ", not "
              + checkpoint.root().base64());
    }
    ReentrantLock lock = locks.get(checkpoint.origin());
    lock.lock();
    try {
      return cosignIfConsistent(checkpoint, request, verified.verified());
    } finally {
      lock.unlock();
    }
  }

  private AddCheckpointResult cosignIfConsistent(
      Checkpoint checkpoint, AddCheckpointRequest request, List<NoteSignature> logSignatures)
      throws WitnessStateException {
    String origin = checkpoint.origin();
    Optional<WitnessRecord> latest = state.latest(origin);
    TreeSize latestSize = latest.map(r -> r.checkpoint().size()).orElse(TreeSize.ZERO);
    if (!request.oldSize().equals(latestSize)) {
      return new Conflict(origin, latestSize);
    }
    if (latestSize.value() == 0) {
      // The empty tree is a prefix of every tree: no proof is needed, and none is allowed.
      if (!request.proof().isEmpty()) {
        return new Unprocessable(
            checkpoint,
            "old size 0 takes an empty consistency proof, got "
                + request.proof().size()
                + " hashes");
      }
    } else {
      try {
        ProofVerifier.verifyConsistency(
            latestSize.value(),
            checkpoint.size().value(),
            request.proof(),
            latest.get().checkpoint().root(),
            checkpoint.root());
      } catch (ProofException e) {
        return new Unprocessable(checkpoint, e.getMessage());
      }
    }
    List<Cosignature> cosignatures = new ArrayList<>(cosigners.size());
    List<NoteSignature> lines = new ArrayList<>(logSignatures);
    for (Ed25519Cosigner cosigner : cosigners) {
      Cosignature cosignature = cosigner.cosign(checkpoint);
      cosignatures.add(cosignature);
      lines.add(cosignature.line());
    }
    WitnessRecord next = new WitnessRecord(checkpoint, Note.of(checkpoint.body(), lines));
    // Durable before anyone sees a cosignature: a restart must never find less than was signed.
    if (!state.compareAndSet(latest, next)) {
      // Another witness process sharing the state moved it: report what is there now.
      TreeSize now = state.latest(origin).map(r -> r.checkpoint().size()).orElse(TreeSize.ZERO);
      return new Conflict(origin, now);
    }
    return new Cosigned(checkpoint, cosignatures);
  }

  /**
   * The latest cosigned checkpoint of the log whose origin hashes to {@code originHash} (lower-case
   * hex SHA-256), with the log's signatures and this witness's cosignatures: the body of
   * tlog-witness's {@code GET <monitoring prefix>/<origin hash>/checkpoint}. Empty for a log this
   * witness does not follow or never cosigned (404).
   */
  public Optional<Note> latestCheckpoint(String originHash) throws WitnessStateException {
    String origin = originsByHash.get(originHash);
    if (origin == null) {
      return Optional.empty();
    }
    return state.latest(origin).map(WitnessRecord::cosignedNote);
  }

  /** The origins this witness follows. */
  public Set<String> origins() {
    return logs.keySet();
  }

  /** Lower-case hex SHA-256 of the origin's UTF-8 bytes, as in the monitoring URL. */
  public static String originHash(String origin) {
    return FileWitnessState.sha256Hex(origin.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Witness[" + logs.keySet() + ", cosigners " + cosigners + ", " + state + "]";
  }
}
