package org.tracemark.verify;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.CheckpointSigner;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.log.LogWriter;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.TreeSize;
import org.tracemark.ledger.note.Ed25519NoteSigner;
import org.tracemark.ledger.note.Ed25519SigningKey;
import org.tracemark.ledger.note.KeyName;
import org.tracemark.ledger.note.SignatureType;
import org.tracemark.ledger.note.VerifierKey;
import org.tracemark.ledger.proof.ProofBuilder;
import org.tracemark.ledger.storage.LogState;
import org.tracemark.ledger.storage.MemoryLogStorage;

/**
 * A real log, written by the ledger's own {@code LogWriter} into {@code MemoryLogStorage} and
 * signed by {@code CheckpointSigner}: what the test server serves. Entries are derived from a
 * flavour and their index, so two flavours are two different logs (a fork) under the same key.
 */
final class TestLog {

  static final String ORIGIN = "tracemark.test/verify-log";

  /** The log's key, named after the origin as tlog-checkpoint recommends. */
  static final Ed25519NoteSigner KEY = signer(ORIGIN, 1);

  /** Another key under the same name: what an impostor would sign with. */
  static final Ed25519NoteSigner IMPOSTOR = signer(ORIGIN, 2);

  static final VerifierKey VKEY = KEY.verifierKey();

  private final MemoryLogStorage storage = new MemoryLogStorage();
  private final LogWriter writer;
  private final String flavour;
  private final List<byte[]> entries = new ArrayList<>();

  private TestLog(String flavour) {
    this.flavour = flavour;
    try {
      this.writer = LogWriter.open(storage);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static TestLog create() {
    return new TestLog("main");
  }

  /** A log holding {@code base}'s first {@code shared} entries, then its own. */
  static TestLog forkOf(TestLog base, int shared, String flavour) {
    TestLog fork = new TestLog(flavour);
    fork.append(base.entries.subList(0, shared));
    return fork;
  }

  static TestLog other(String flavour) {
    return new TestLog(flavour);
  }

  /** Appends {@code count} entries of this log's flavour, in batches of at most 1,000. */
  TestLog grow(int count) {
    while (count > 0) {
      int batch = Math.min(count, 1000);
      List<byte[]> next = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        next.add(entryBytes(flavour, entries.size() + next.size()));
      }
      append(next);
      count -= batch;
    }
    return this;
  }

  /** Grows the log to exactly {@code size} entries. */
  TestLog growTo(long size) {
    return grow((int) (size - entries.size()));
  }

  private void append(List<byte[]> batch) {
    try {
      writer.append(batch);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    batch.forEach(e -> entries.add(e.clone()));
  }

  static byte[] entryBytes(String flavour, long index) {
    // Varying lengths, so bundle offsets are not all alike.
    return (flavour + "/" + index + "/" + "x".repeat((int) (index % 37)))
        .getBytes(StandardCharsets.UTF_8);
  }

  MemoryLogStorage storage() {
    return storage;
  }

  LogReader reader() {
    return new LogReader(storage);
  }

  ProofBuilder proofs() {
    return new ProofBuilder(storage);
  }

  LogState state() {
    return writer.state();
  }

  TreeSize size() {
    return state().size();
  }

  Hash root() {
    return state().root();
  }

  byte[] entry(int index) {
    return entries.get(index).clone();
  }

  List<byte[]> entries() {
    return entries.stream().map(byte[]::clone).toList();
  }

  /** The current state, signed by the log's key: what a honest log publishes. */
  byte[] signedCheckpoint() {
    return sign(Checkpoint.of(ORIGIN, state()), KEY);
  }

  /** Any checkpoint body, signed by any key: what a dishonest or broken log could publish. */
  static byte[] sign(Checkpoint checkpoint, Ed25519NoteSigner key) {
    return CheckpointSigner.of(checkpoint.origin(), key).sign(checkpoint).bytes();
  }

  static Ed25519NoteSigner signer(String name, int seed) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) seed);
    return Ed25519NoteSigner.of(
        Ed25519SigningKey.fromSeed(KeyName.of(name), SignatureType.ED25519, bytes));
  }
}
