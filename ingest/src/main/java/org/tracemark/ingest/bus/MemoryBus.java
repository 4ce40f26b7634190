package org.tracemark.ingest.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The bus of embedded mode: a bounded queue in the JVM. It keeps nothing across a crash, so a
 * publisher's future completes only when the sequencer has acknowledged the delivery, that is, when
 * the message's outcome is durable in PostgreSQL; until then the MQTT message stays unacknowledged
 * and a crash makes the broker deliver it again. A full queue makes {@link #publish} wait
 * (back-pressure onto ingest and so onto the broker).
 */
public final class MemoryBus implements Bus {

  private final BlockingQueue<MemoryDelivery> queue;
  private volatile boolean closed;

  /**
   * @param capacity messages queued between ingest and the sequencer, at least 1
   */
  public MemoryBus(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, not " + capacity);
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public CompletableFuture<Void> publish(BusMessage message) {
    MemoryDelivery delivery = new MemoryDelivery(message);
    if (closed) {
      delivery.done.completeExceptionally(new IllegalStateException("the bus is closed"));
      return delivery.done;
    }
    try {
      queue.put(delivery);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      delivery.done.completeExceptionally(e);
    }
    return delivery.done;
  }

  /** Messages waiting for the sequencer. */
  public int depth() {
    return queue.size();
  }

  @Override
  public BusSubscription subscribe() {
    return new BusSubscription() {
      @Override
      public List<Delivery> take(int max, Duration wait) throws InterruptedException {
        MemoryDelivery first = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
          return List.of();
        }
        List<Delivery> taken = new ArrayList<>(Math.min(max, queue.size() + 1));
        taken.add(first);
        List<MemoryDelivery> more = new ArrayList<>();
        queue.drainTo(more, max - 1);
        taken.addAll(more);
        return taken;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {
    closed = true;
    List<MemoryDelivery> left = new ArrayList<>();
    queue.drainTo(left);
    IllegalStateException why = new IllegalStateException("the bus closed before the sequencer");
    left.forEach(d -> d.done.completeExceptionally(why));
  }

  private static final class MemoryDelivery implements Delivery {
    final BusMessage message;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    MemoryDelivery(BusMessage message) {
      this.message = message;
    }

    @Override
    public BusMessage message() {
      return message;
    }

    @Override
    public void ack() {
      done.complete(null);
    }

    @Override
    public void nack(Throwable why) {
      done.completeExceptionally(why);
    }
  }
}
