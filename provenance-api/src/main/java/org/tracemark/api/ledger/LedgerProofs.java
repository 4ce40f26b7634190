package org.tracemark.api.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.tracemark.ledger.checkpoint.Checkpoint;
import org.tracemark.ledger.checkpoint.MalformedCheckpointException;
import org.tracemark.ledger.log.LogReader;
import org.tracemark.ledger.merkle.Hash;
import org.tracemark.ledger.merkle.LeafIndex;
import org.tracemark.ledger.merkle.TreeHasher;
import org.tracemark.ledger.note.MalformedNoteException;
import org.tracemark.ledger.note.Note;
import org.tracemark.ledger.storage.StorageException;

/**
 * Inclusion proofs of ledger entries against the newest signed checkpoint, several against one
 * checkpoint so that a client (the consumer page's own WebCrypto check) verifies one signature and
 * then every proof.
 */
@ApplicationScoped
public class LedgerProofs {

  private final Ledger ledger;

  public LedgerProofs(Ledger ledger) {
    this.ledger = ledger;
  }

  /**
   * An entry's proof of inclusion.
   *
   * @param entry base64 of the entry's bytes (deterministic CBOR, DESIGN §3)
   * @param leafHash base64 of SHA-256(0x00 ‖ entry)
   * @param treeSize the size of the checkpoint's tree
   * @param inclusionProof base64 hashes, RFC 9162 §2.1.3
   */
  public record EntryProof(
      long index, String entry, String leafHash, long treeSize, List<String> inclusionProof) {}

  /** The newest signed checkpoint note, as served at {@code /ledger/checkpoint}, and its size. */
  public record SignedState(String note, long size) {}

  /** The newest signed checkpoint, if one was published. */
  public Optional<SignedState> checkpoint() throws StorageException {
    Optional<byte[]> signed = ledger.checkpoint();
    if (signed.isEmpty()) {
      return Optional.empty();
    }
    try {
      Checkpoint checkpoint = Checkpoint.parse(Note.parse(signed.get()).text());
      return Optional.of(
          new SignedState(new String(signed.get(), UTF_8), checkpoint.size().value()));
    } catch (MalformedNoteException | MalformedCheckpointException e) {
      throw new IllegalStateException("the stored checkpoint does not parse", e);
    }
  }

  /** The proof of entry {@code index} in the tree of {@code size} (index < size). */
  public EntryProof prove(long index, long size) throws StorageException {
    byte[] entry = new LogReader(ledger.storage()).entry(LeafIndex.of(index));
    return new EntryProof(
        index,
        Base64.getEncoder().encodeToString(entry),
        TreeHasher.leafHash(entry).base64(),
        size,
        ledger.inclusionProof(index, size).stream().map(Hash::base64).toList());
  }

  /** The log's verifier key and origin, for clients that check proofs themselves. */
  public String verifierKey() {
    return ledger.verifierKey();
  }

  public String origin() {
    return ledger.origin();
  }
}
