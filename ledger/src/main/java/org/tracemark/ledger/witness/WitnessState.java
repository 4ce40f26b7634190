package org.tracemark.ledger.witness;

import java.util.Optional;

/**
 * Where a witness keeps, per log origin, the latest checkpoint it cosigned. Implementations: files
 * ({@link FileWitnessState}), or a database table in a deployment that has one.
 *
 * <p>The witness cosigns only after {@link #compareAndSet} returned {@code true}, so what it signed
 * is always at most what a restart will find.
 */
public interface WitnessState {

  /** The latest record for {@code origin}, or empty if the witness never cosigned for it. */
  Optional<WitnessRecord> latest(String origin) throws WitnessStateException;

  /**
   * Replaces the record of {@code next.origin()} with {@code next} if the stored record's
   * checkpoint is {@code expected}'s (empty: no record), atomically and durably: when this returns
   * {@code true}, {@code next} survives a crash; when it throws, either the old or the new record
   * is stored, never a mix.
   *
   * @return false if the stored record is not {@code expected} (another writer won); nothing was
   *     written
   */
  boolean compareAndSet(Optional<WitnessRecord> expected, WitnessRecord next)
      throws WitnessStateException;
}
