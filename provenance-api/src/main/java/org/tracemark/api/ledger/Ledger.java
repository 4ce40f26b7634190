package org.tracemark.api.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.CheckpointSigner;
import org.tracemark.ledger.cosignature.CosignatureException;
import org.tracemark.ledger.cosignature.CosignatureVerifier;
import org.tracemark.ledger.log.Appended;
import org.tracemark.ledger.log.CommitOutcomeUnknownException;
import org.tracemark.ledger.log.LogWriter;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.Ed25519NoteSigner;
import org.tracemark.ledger.note.Ed25519SigningKey;
import org.tracemark.ledger.note.KeyName;
import org.tracemark.ledger.note.MalformedNoteException;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.note.NoteSignature;
import org.tracemark.ledger.note.SignatureType;
import org.tracemark.ledger.note.VerifierKey;
import org.tracemark.ledger.proof.ProofBuilder;
import org.tracemark.ledger.storage.ConflictException;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.LogStorage;
import org.tracemark.ledger.storage.PostgresLogStorage;
import org.tracemark.ledger.storage.StorageException;
import org.tracemark.ledger.witness.AddCheckpointRequest;

/**
 * The deployment's ledger, wired from the ledger library: PostgreSQL storage, the single writer,
 * and the checkpoint signer, which signs a new checkpoint whenever the committed tree has grown —
 * never before the tiles it covers are committed, because it signs only states the writer read back
 * from storage after a commit.
 */
@ApplicationScoped
public class Ledger {

  private static final Logger LOG = Logger.getLogger(Ledger.class);

  /** Memory for full tiles and bundles (immutable), least recently used out: 64 MiB. */
  static final long TILE_CACHE_BYTES = 64L << 20;

  private final LedgerConfig config;
  private final DataSource dataSource;

  private LogStorage storage;
  private LogWriter writer;
  private CheckpointSigner signer;
  private ProofBuilder proofs;
  private volatile ScheduledExecutorService checkpointer;
  private volatile long publishedSize = -1;
  private final List<WitnessLink> witnesses = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<java.util.function.LongConsumer> publishedListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** A configured witness, its cosigner key, and the size it last cosigned for us. */
  private static final class WitnessLink {
    final CheckpointWitness endpoint;
    final CosignatureVerifier verifier;
    long acknowledged;

    WitnessLink(CheckpointWitness endpoint, CosignatureVerifier verifier) {
      this.endpoint = endpoint;
      this.verifier = verifier;
    }
  }

  public Ledger(LedgerConfig config, DataSource dataSource) {
    this.config = config;
    this.dataSource = dataSource;
  }

  void start(@Observes StartupEvent event) throws Exception {
    char[] passphrase =
        org.tracemark.api.secrets.Passphrase.resolve(
            "ledger key",
            "TRACEMARK_LEDGER_KEY_PASSPHRASE",
            config.keyPassphrase(),
            config.keyPassphraseFile(),
            config.generatePassphrase());
    LogSigningKey key =
        LogSigningKey.loadOrCreate(dataSource, config.schema(), config.origin(), passphrase);
    java.util.Arrays.fill(passphrase, '\0');
    signer =
        CheckpointSigner.of(
            config.origin(),
            Ed25519NoteSigner.of(
                Ed25519SigningKey.fromSeed(
                    KeyName.of(config.origin()), SignatureType.ED25519, key.seed())));
    // Full tiles are immutable: proofs, tiles served and followers read them from memory.
    storage =
        new org.tracemark.ledger.storage.CachingLogStorage(
            new PostgresLogStorage(dataSource, config.schema()), TILE_CACHE_BYTES);
    writer = LogWriter.open(storage);
    proofs = new ProofBuilder(storage);
    config
        .witnesses()
        .forEach(
            (name, remote) ->
                addWitness(
                    new HttpCheckpointWitness(remote.url()), VerifierKey.parse(remote.vkey())));
    publishCheckpoint();
    checkpointer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tracemark-checkpointer");
              t.setDaemon(true);
              return t;
            });
    long every = config.checkpointInterval().toMillis();
    checkpointer.scheduleWithFixedDelay(this::publishQuietly, every, every, TimeUnit.MILLISECONDS);
    LOG.infof(
        "Ledger %s at size %d; verifier key %s",
        config.origin(), writer.state().size().value(), signer.verifierKey().encoded());
  }

  void stop(@Observes ShutdownEvent event) {
    if (checkpointer != null) {
      checkpointer.shutdown();
      publishQuietly();
    }
  }

  /**
   * Sequences a batch. When this returns the entries are durable, in the order given, at the
   * indexes reported; a checkpoint covering them follows within the checkpoint interval.
   */
  public Appended append(List<byte[]> entries)
      throws StorageException, ConflictException, CommitOutcomeUnknownException {
    return writer.append(entries);
  }

  /** The soonest a requested checkpoint follows the previous one. */
  private static final long MIN_CHECKPOINT_GAP_MILLIS = 100;

  private final java.util.concurrent.atomic.AtomicBoolean checkpointRequested =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile long lastPublishedAt;

  /**
   * Asks for a checkpoint soon (at most one per {@value #MIN_CHECKPOINT_GAP_MILLIS} ms) rather than
   * at the next tick of the interval: the sequencer calls this after each append, so a reading is
   * in a signed checkpoint a few milliseconds after it is durable, not up to an interval later.
   */
  public void requestCheckpoint() {
    ScheduledExecutorService executor = checkpointer;
    if (executor == null || !checkpointRequested.compareAndSet(false, true)) {
      return;
    }
    long wait =
        Math.max(0, lastPublishedAt + MIN_CHECKPOINT_GAP_MILLIS - System.currentTimeMillis());
    try {
      executor.schedule(
          () -> {
            checkpointRequested.set(false);
            publishQuietly();
          },
          wait,
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      checkpointRequested.set(false); // shutting down: the final checkpoint is published by stop()
    }
  }

  /**
   * Re-reads the committed state and makes the writer usable again after a failed append (a
   * conflict or an unknown commit outcome). Only the single sequencer calls this.
   */
  public LogState reload() throws StorageException {
    return writer.reload();
  }

  /** Told of every checkpoint this process publishes: its tree size. */
  public void onPublished(java.util.function.LongConsumer listener) {
    publishedListeners.add(listener);
  }

  /**
   * Asks {@code witness} to cosign every checkpoint from now on; the cosignatures it returns are
   * checked against {@code cosignerKey} and served appended to the checkpoint.
   */
  public synchronized void addWitness(CheckpointWitness witness, VerifierKey cosignerKey) {
    witnesses.add(new WitnessLink(witness, CosignatureVerifier.of(cosignerKey)));
    publishedSize = -1; // re-publish the current checkpoint with this witness's cosignature
  }

  /**
   * Signs and publishes a checkpoint for the committed tree if it grew since the last one, with the
   * cosignatures of the witnesses that agree to it.
   */
  public synchronized void publishCheckpoint() throws StorageException {
    LogState state = writer.state();
    if (state.size().value() <= publishedSize) {
      return;
    }
    Checkpoint checkpoint = Checkpoint.of(config.origin(), state);
    Note note = signer.sign(checkpoint);
    for (WitnessLink witness : witnesses) {
      note = cosign(witness, checkpoint, note);
    }
    storage.publishCheckpoint(state.size().value(), note.bytes());
    publishedSize = state.size().value();
    lastPublishedAt = System.currentTimeMillis();
    for (java.util.function.LongConsumer listener : publishedListeners) {
      listener.accept(publishedSize);
    }
  }

  /**
   * One add-checkpoint exchange (C2SP tlog-witness): the old size the witness last cosigned, the
   * consistency proof from it, and, on a 409, one retry from the size the witness says it has. A
   * witness that refuses or fails leaves the checkpoint without its cosignature, never unpublished.
   */
  private Note cosign(WitnessLink witness, Checkpoint checkpoint, Note note)
      throws StorageException {
    long size = checkpoint.size().value();
    for (int attempt = 0; attempt < 2; attempt++) {
      long old = Math.min(witness.acknowledged, size);
      List<Hash> proof = old == 0 || old == size ? List.of() : consistencyProof(old, size);
      byte[] request = new AddCheckpointRequest(TreeSize.of(old), proof, note.bytes()).encode();
      CheckpointWitness.Reply reply;
      try {
        reply = witness.endpoint.addCheckpoint(request);
      } catch (Exception e) {
        LOG.warnf("witness %s did not answer: %s", witness.verifier.name(), e.getMessage());
        return note;
      }
      if (reply.status() == 409) {
        try {
          witness.acknowledged = Long.parseLong(reply.body().strip());
          continue;
        } catch (NumberFormatException e) {
          LOG.warnf("witness %s sent 409 without a size", witness.verifier.name());
          return note;
        }
      }
      if (reply.status() != 200) {
        LOG.warnf(
            "witness %s refused checkpoint %d: %d %s",
            witness.verifier.name(), size, reply.status(), reply.body().strip());
        return note;
      }
      try {
        Note lines = Note.parse((checkpoint.body() + "\n" + reply.body()).getBytes(UTF_8));
        for (NoteSignature line : lines.signatures()) {
          witness.verifier.verify(checkpoint, line);
          note = note.withSignature(line);
        }
        witness.acknowledged = size;
      } catch (MalformedNoteException | CosignatureException e) {
        LOG.warnf("witness %s sent a bad cosignature: %s", witness.verifier.name(), e.getMessage());
      }
      return note;
    }
    return note;
  }

  private void publishQuietly() {
    try {
      publishCheckpoint();
    } catch (StorageException | RuntimeException e) {
      // The next tick retries; a checkpoint is late, nothing is lost.
      LOG.warnf("could not publish a checkpoint: %s", e.getMessage());
    }
  }

  public Optional<byte[]> checkpoint() throws StorageException {
    return storage.checkpoint();
  }

  public String verifierKey() {
    return signer.verifierKey().encoded();
  }

  public String origin() {
    return config.origin();
  }

  /** The committed state (may be ahead of the published checkpoint by up to one interval). */
  public LogState state() throws StorageException {
    return storage.state();
  }

  public LogStorage storage() {
    return storage;
  }

  public List<Hash> inclusionProof(long index, long size) throws StorageException {
    return proofs.inclusionProof(LeafIndex.of(index), TreeSize.of(size));
  }

  public List<Hash> consistencyProof(long from, long to) throws StorageException {
    return proofs.consistencyProof(TreeSize.of(from), TreeSize.of(to));
  }
}
