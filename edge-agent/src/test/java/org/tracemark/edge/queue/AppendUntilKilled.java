package org.tracemark.edge.queue;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A separate JVM that appends records to a fresh queue as fast as {@link FsyncPolicy#EVERY_RECORD}
 * allows and prints each id once {@code append} has returned it, until it is killed. Payload sizes
 * vary up to 48 KiB, so that a kill often lands inside a write.
 */
public final class AppendUntilKilled {

  private AppendUntilKilled() {}

  public static void main(String[] args) throws Exception {
    QueueOptions options = new QueueOptions(1L << 30, 1 << 20, FsyncPolicy.EVERY_RECORD, 64 << 10);
    PrintStream out = new PrintStream(System.out, false, "US-ASCII");
    try (DiskQueue queue = DiskQueue.open(Path.of(args[0]), options)) {
      for (long id = 0; ; id++) {
        long appended = queue.append(Payloads.of(id, sizeOf(id)));
        if (appended != id) {
          throw new IllegalStateException("append returned " + appended + " for record " + id);
        }
        out.println("durable " + appended);
        out.flush();
      }
    }
  }

  static int sizeOf(long id) {
    return 8 + (int) (id * 7919 % (48 << 10));
  }
}
