package org.tracemark.ledger;

import java.util.List;
import org.tracemark.ledger.note.Ed25519NoteSigner;
import org.tracemark.ledger.note.VerifierKey;

/**
 * The keys of Tracemark's own note, checkpoint, cosignature and witness vectors ({@code
 * vectors/tracemark-test-keys.txt}, made by {@code generate-note-vectors.py}).
 */
public final class TestKeys {

  private static final List<String[]> RECORDS = VectorFile.records("tracemark-test-keys.txt");

  /** The test log's origin, which is also its key name. */
  public static final String LOG_ORIGIN = "example.com/tracemark-test-log";

  public static final Ed25519NoteSigner LOG_SIGNER = Ed25519NoteSigner.parse(field("log", 1));
  public static final VerifierKey LOG_KEY = VerifierKey.parse(field("log", 2));

  /** The witness's signer key as a type-0x04 cosigner key. */
  public static final String WITNESS_SECRET = field("witness", 1);

  public static final VerifierKey WITNESS_KEY = VerifierKey.parse(field("witness", 2));

  /** The same witness seed as a type-0x01 note key, as Go's note.GenerateKey would store it. */
  public static final String WITNESS_SECRET_TYPE_1 = field("witness", 3);

  /** The POSIX time of every cosignature in the vectors. */
  public static final long COSIGNATURE_TIME = Long.parseLong(field("cosignature-time", 1));

  private TestKeys() {}

  private static String field(String kind, int index) {
    return RECORDS.stream()
        .filter(r -> r[0].equals(kind))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + kind + " in tracemark-test-keys.txt"))[
        index];
  }
}
