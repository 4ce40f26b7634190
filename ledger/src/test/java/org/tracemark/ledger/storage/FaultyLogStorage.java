package org.tracemark.ledger.storage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Wraps a storage and makes it fail on purpose: a commit that fails before or after it is applied,
 * a process that dies before or after its commit lands, and reads that fail. Since a commit is
 * atomic by contract, "before" and "after" are every point a crash can hit it.
 *
 * <p>Faults are either scheduled one by one ({@link #failNextCommit}) or drawn at random ({@link
 * #failRandomly}); scheduled ones go first. Counts of what was injected let a test prove its faults
 * happened.
 */
public final class FaultyLogStorage extends ForwardingLogStorage {

  /** What happens to one commit. */
  public enum CommitFault {
    NONE,
    /** Storage throws {@link StorageException}; nothing was applied. */
    FAIL_BEFORE,
    /** The commit is applied, then storage throws {@link StorageException} (a lost reply). */
    FAIL_AFTER,
    /** The writer's process dies before the commit reaches storage. */
    CRASH_BEFORE,
    /** The writer's process dies after storage applied the commit, before the reply. */
    CRASH_AFTER
  }

  /** Stands for the death of the writer's process: a test abandons the writer that saw it. */
  public static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SimulatedCrash(String when) {
      super("simulated crash " + when);
    }
  }

  private final Deque<CommitFault> scheduled = new ArrayDeque<>();
  private final Map<CommitFault, Integer> injected = new EnumMap<>(CommitFault.class);
  private SplittableRandom random;
  private double commitFaultRate;
  private double readFaultRate;
  private int readFaults;

  public FaultyLogStorage(LogStorage delegate) {
    super(delegate);
  }

  /** Makes the next commit (after those already scheduled) suffer {@code fault}. */
  public synchronized void failNextCommit(CommitFault fault) {
    scheduled.add(fault);
  }

  /**
   * From now on, each commit fails with probability {@code commitRate} (one of the four faults,
   * equally likely) and each read with probability {@code readRate}.
   */
  public synchronized void failRandomly(
      SplittableRandom random, double commitRate, double readRate) {
    this.random = random;
    this.commitFaultRate = commitRate;
    this.readFaultRate = readRate;
  }

  /** No more random faults; scheduled ones still apply. */
  public synchronized void stopFailing() {
    random = null;
  }

  public synchronized int injected(CommitFault fault) {
    return injected.getOrDefault(fault, 0);
  }

  public synchronized int readFaults() {
    return readFaults;
  }

  @Override
  public LogState state() throws StorageException {
    maybeFailRead("state()");
    return super.state();
  }

  @Override
  public Optional<StoredTile> tile(int level, long index) throws StorageException {
    maybeFailRead("tile(" + level + ", " + index + ")");
    return super.tile(level, index);
  }

  @Override
  public void commit(LogState expected, LogState next, List<StoredTile> tiles)
      throws StorageException, ConflictException {
    CommitFault fault = nextCommitFault();
    switch (fault) {
      case FAIL_BEFORE -> throw new StorageException("injected: commit to " + next + " failed");
      case CRASH_BEFORE -> throw new SimulatedCrash("before the commit to " + next);
      default -> {}
    }
    super.commit(expected, next, tiles);
    switch (fault) {
      case FAIL_AFTER ->
          throw new StorageException("injected: commit to " + next + " applied, reply lost");
      case CRASH_AFTER -> throw new SimulatedCrash("after the commit to " + next + " applied");
      default -> {}
    }
  }

  private synchronized CommitFault nextCommitFault() {
    CommitFault fault = scheduled.poll();
    if (fault == null) {
      fault = CommitFault.NONE;
      if (random != null && random.nextDouble() < commitFaultRate) {
        fault = CommitFault.values()[1 + random.nextInt(CommitFault.values().length - 1)];
      }
    }
    injected.merge(fault, 1, Integer::sum);
    return fault;
  }

  private synchronized void maybeFailRead(String call) throws StorageException {
    if (random != null && random.nextDouble() < readFaultRate) {
      readFaults++;
      throw new StorageException("injected: " + call + " failed");
    }
  }
}
