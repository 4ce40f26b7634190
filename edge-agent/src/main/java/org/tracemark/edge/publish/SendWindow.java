package org.tracemark.edge.publish;

/**
 * The publisher's back-pressure: at most {@code capacity} readings unacknowledged on the current
 * connection. Slots belong to a connection generation; when the connection changes, {@link
 * #open(long)} or {@link #close()} forgets every slot of the old one (those readings will be sent
 * again) and wakes waiting senders.
 */
final class SendWindow {

  /** The generation of "no connection". */
  static final long CLOSED = -1;

  private final int capacity;
  private long generation = CLOSED;
  private int used;

  SendWindow(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("window capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Starts a connection's window, empty. */
  synchronized void open(long newGeneration) {
    if (newGeneration < 0) {
      throw new IllegalArgumentException("generation must be >= 0, got " + newGeneration);
    }
    generation = newGeneration;
    used = 0;
    notifyAll();
  }

  /** No connection: every waiting {@link #acquire} returns false. */
  synchronized void close() {
    generation = CLOSED;
    used = 0;
    notifyAll();
  }

  /**
   * Takes a slot on connection {@code forGeneration}, waiting while the window is full.
   *
   * @return true with the slot taken; false if that connection is no longer current
   */
  synchronized boolean acquire(long forGeneration) throws InterruptedException {
    while (generation == forGeneration && generation != CLOSED && used >= capacity) {
      wait();
    }
    if (generation != forGeneration || generation == CLOSED) {
      return false;
    }
    used++;
    return true;
  }

  /** Gives back a slot of connection {@code forGeneration}; ignored for an older connection. */
  synchronized void release(long forGeneration) {
    if (generation == forGeneration && used > 0) {
      used--;
      notifyAll();
    }
  }

  /** Waits until the window is empty or the connection changes, at most {@code millis}. */
  synchronized boolean awaitEmpty(long forGeneration, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (generation == forGeneration && used > 0) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return used == 0;
  }

  synchronized int used() {
    return used;
  }

  synchronized long generation() {
    return generation;
  }

  int capacity() {
    return capacity;
  }
}
