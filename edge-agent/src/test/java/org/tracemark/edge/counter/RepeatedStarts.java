package org.tracemark.edge.counter;

import java.nio.file.Path;

/**
 * A separate JVM that records several starts and prints each boot number, for testing that the file
 * lock keeps processes sharing a state directory apart.
 */
public final class RepeatedStarts {

  private RepeatedStarts() {}

  public static void main(String[] args) throws Exception {
    BootCounter counter = BootCounter.in(Path.of(args[0]));
    int starts = Integer.parseInt(args[1]);
    for (int i = 0; i < starts; i++) {
      System.out.println(counter.recordStart());
    }
  }
}
