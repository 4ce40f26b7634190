package org.tracemark.api.ledger;

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
import org.tracemark.ledger.log.Appended;
import org.tracemark.ledger.log.CommitOutcomeUnknownException;
import org.tracemark.ledger.log.LogWriter;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.Ed25519NoteSigner;
import org.tracemark.ledger.note.Ed25519SigningKey;
import org.tracemark.ledger.note.KeyName;
import org.tracemark.ledger.note.SignatureType;
import org.tracemark.ledger.proof.ProofBuilder;
import org.tracemark.ledger.storage.ConflictException;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.LogStorage;
import org.tracemark.ledger.storage.PostgresLogStorage;
import org.tracemark.ledger.storage.StorageException;

/**
 * The deployment's ledger, wired from the ledger library: PostgreSQL storage, the single writer,
 * and the checkpoint signer, which signs a new checkpoint whenever the committed tree has grown —
 * never before the tiles it covers are committed, because it signs only states the writer read back
 * from storage after a commit.
 */
@ApplicationScoped
public class Ledger {

  private static final Logger LOG = Logger.getLogger(Ledger.class);

  private final LedgerConfig config;
  private final DataSource dataSource;

  private LogStorage storage;
  private LogWriter writer;
  private CheckpointSigner signer;
  private ProofBuilder proofs;
  private ScheduledExecutorService checkpointer;
  private volatile long publishedSize = -1;

  public Ledger(LedgerConfig config, DataSource dataSource) {
    this.config = config;
    this.dataSource = dataSource;
  }

  void start(@Observes StartupEvent event) throws Exception {
    char[] passphrase =
        LogKeyPassphrase.resolve(
            config.keyPassphrase(), config.keyPassphraseFile(), config.generatePassphrase());
    LogSigningKey key =
        LogSigningKey.loadOrCreate(dataSource, config.schema(), config.origin(), passphrase);
    java.util.Arrays.fill(passphrase, '\0');
    signer =
        CheckpointSigner.of(
            config.origin(),
            Ed25519NoteSigner.of(
                Ed25519SigningKey.fromSeed(
                    KeyName.of(config.origin()), SignatureType.ED25519, key.seed())));
    storage = new PostgresLogStorage(dataSource, config.schema());
    writer = LogWriter.open(storage);
    proofs = new ProofBuilder(storage);
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

  /** Signs and publishes a checkpoint for the committed tree if it grew since the last one. */
  public synchronized void publishCheckpoint() throws StorageException {
    LogState state = writer.state();
    if (state.size().value() <= publishedSize) {
      return;
    }
    byte[] note = signer.sign(Checkpoint.of(config.origin(), state)).bytes();
    storage.publishCheckpoint(state.size().value(), note);
    publishedSize = state.size().value();
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
