package org.tracemark.api.witness;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.jboss.logging.Logger;
import org.tracemark.api.ledger.CheckpointWitness;
import org.tracemark.api.ledger.EncryptedKey;
import org.tracemark.api.ledger.Ledger;
import org.tracemark.api.ledger.LogKeyException;
import org.tracemark.api.secrets.Passphrase;
import org.tracemark.ledger.cosignature.Ed25519Cosigner;
import org.tracemark.ledger.note.Ed25519SigningKey;
import org.tracemark.ledger.note.KeyName;
import org.tracemark.ledger.note.SignatureType;
import org.tracemark.ledger.note.VerifierKey;
import org.tracemark.ledger.witness.AddCheckpointResult;
import org.tracemark.ledger.witness.FileWitnessState;
import org.tracemark.ledger.witness.Witness;
import org.tracemark.ledger.witness.WitnessStateException;
import org.tracemark.ledger.witness.WitnessedLog;

/**
 * The witness role of this process. It follows this deployment's own log; its key and state live in
 * a directory of their own (not in the log's database), so that the operator of the log cannot
 * rewrite what the witness remembers by editing one database.
 */
@ApplicationScoped
public class LocalWitness {

  private static final Logger LOG = Logger.getLogger(LocalWitness.class);

  private final WitnessConfig config;
  private final Ledger ledger;
  private Witness witness;
  private FileWitnessState state;
  private VerifierKey verifierKey;

  public LocalWitness(WitnessConfig config, Ledger ledger) {
    this.config = config;
    this.ledger = ledger;
  }

  /** Runs after the ledger has started (observer priority), since it follows that log. */
  void start(@Observes @Priority(3000) StartupEvent event) throws Exception {
    if (!config.enabled()) {
      return;
    }
    Files.createDirectories(config.directory());
    char[] passphrase =
        Passphrase.resolve(
            "witness key",
            "TRACEMARK_WITNESS_KEY_PASSPHRASE",
            config.keyPassphrase(),
            config.keyPassphraseFile(),
            config.generatePassphrase());
    Ed25519PrivateKeyParameters key =
        loadOrCreateKey(config.directory().resolve("witness-key.p8"), passphrase);
    java.util.Arrays.fill(passphrase, '\0');
    Ed25519Cosigner cosigner =
        Ed25519Cosigner.of(
            Ed25519SigningKey.fromSeed(
                KeyName.of(config.name()), SignatureType.ED25519_COSIGNATURE, key.getEncoded()),
            Clock.systemUTC());
    verifierKey = cosigner.verifierKey();
    state = FileWitnessState.open(config.directory().resolve("state"));
    witness =
        Witness.create(
            List.of(WitnessedLog.of(ledger.origin(), VerifierKey.parse(ledger.verifierKey()))),
            List.of(cosigner),
            state);
    ledger.addWitness(
        request -> {
          AddCheckpointResult result = witness.addCheckpoint(request);
          return new CheckpointWitness.Reply(result.status(), result.body());
        },
        verifierKey);
    LOG.infof("Witness %s follows %s", verifierKey.encoded(), ledger.origin());
  }

  void stop(@Observes ShutdownEvent event) throws WitnessStateException {
    if (state != null) {
      state.close();
    }
  }

  public boolean enabled() {
    return witness != null;
  }

  /** The witness's cosigner verifier key (type 0x04). */
  public VerifierKey verifierKey() {
    return verifierKey;
  }

  public AddCheckpointResult addCheckpoint(byte[] request) throws WitnessStateException {
    return witness.addCheckpoint(request);
  }

  private static Ed25519PrivateKeyParameters loadOrCreateKey(Path file, char[] passphrase)
      throws IOException, LogKeyException {
    if (Files.isRegularFile(file)) {
      return EncryptedKey.decrypt(Files.readAllBytes(file), passphrase);
    }
    Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
    Path temp = Files.createTempFile(file.getParent(), ".witness-key", ".tmp");
    Files.write(temp, EncryptedKey.encrypt(key, passphrase));
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    return key;
  }
}
