package org.tracemark.edge.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.tracemark.edge.publish.Outbox;
import org.tracemark.edge.publish.OutboxRecord;
import org.tracemark.edge.queue.DiskQueue;

/** The disk queue as the publisher's outbox: what is queued is sent, what is acked is removed. */
final class QueueOutbox implements Outbox {

  private final DiskQueue queue;

  QueueOutbox(DiskQueue queue) {
    this.queue = queue;
  }

  @Override
  public List<OutboxRecord> read(long fromId, int max) {
    try {
      return queue.read(fromId, max).stream()
          .map(record -> new OutboxRecord(record.id(), record.payload()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the queue in " + queue.directory(), e);
    }
  }

  @Override
  public void acknowledge(long id) {
    try {
      queue.acknowledge(id);
    } catch (IOException e) {
      // The record stays unacknowledged and is sent again after a restart: a duplicate, not a
      // loss. The publisher reports the failure.
      throw new UncheckedIOException("cannot record the acknowledgement of " + id, e);
    }
  }

  @Override
  public long head() {
    return queue.head();
  }
}
