package org.tracemark.api.readings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the reading projector (see provenance-api/README.md). */
@ConfigMapping(prefix = "tracemark.projector")
public interface ProjectorConfig {

  /** Run the projector in this process. One per deployment is enough; more are harmless. */
  @WithDefault("true")
  boolean enabled();

  /**
   * How long the projector waits after catching up before it looks at the ledger again: the longest
   * a committed reading takes to become queryable, plus the time to project it.
   */
  @WithDefault("200ms")
  Duration interval();

  /**
   * Entries per transaction. A chunk also ends early once it holds {@link #chunkReadings()}
   * readings, so that 4,096 batches of 1,000 readings do not become one 4-million-row transaction.
   */
  @WithDefault("4096")
  int chunkEntries();

  /** Readings per transaction, at most (a chunk always takes at least one entry). */
  @WithDefault("50000")
  int chunkReadings();
}
