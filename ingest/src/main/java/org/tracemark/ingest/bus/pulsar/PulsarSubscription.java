package org.tracemark.ingest.bus.pulsar;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.pulsar.client.api.ConsumerBuilder;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.MessageId;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.PulsarClientException;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;
import org.tracemark.ingest.bus.BusMessage;
import org.tracemark.ingest.bus.BusSubscription;
import org.tracemark.ingest.bus.Delivery;

/**
 * The sequencer's end of the {@link PulsarBus}: at most one active subscriber at a time across all
 * partitions; any other stands by and takes over when the active one closes or its connection
 * drops.
 *
 * <p>Why an <b>Exclusive</b> subscription that a standby keeps trying to take, and not Pulsar's
 * Failover type: on a <i>partitioned</i> topic Failover elects an active consumer per partition and
 * spreads the partitions over the connected consumers ({@code partition % consumers}), so two
 * sequencers would each get half the devices and both write the ledger. Failover gives all
 * partitions to one consumer only if the processes are configured with distinct priority levels,
 * and then a returning primary preempts the standby mid-batch. Key_Shared spreads keys over
 * consumers, which is no single writer either. Exclusive makes the broker refuse a second consumer
 * on any partition ({@code ConsumerBusyException}); the standby retries every {@link
 * PulsarBusSettings#standbyRetry()}, which bounds the takeover time. A standby that won some
 * partitions of an attempt but not all releases them (the client closes the partial subscription),
 * so two standbys racing cannot split the topic.
 *
 * <p>Messages that are not bus messages (see {@link BusMessageCodec}) are logged once, acknowledged
 * and counted in {@link #malformed()}: redelivering them could never succeed and would block their
 * partition.
 */
public final class PulsarSubscription implements BusSubscription {

  private static final System.Logger LOG = System.getLogger(PulsarSubscription.class.getName());

  private final ConsumerBuilder<byte[]> builder;
  private final Duration retry;
  private final String subscription;
  private final Consumer<PulsarSubscription> onClose;
  private final CompletableFuture<org.apache.pulsar.client.api.Consumer<byte[]>> active =
      new CompletableFuture<>();
  private final ScheduledExecutorService retries;
  private final AtomicLong malformed = new AtomicLong();
  private volatile MalformedBusMessageException lastMalformed;
  private volatile boolean closed;
  private volatile String lastRefusal = "";

  PulsarSubscription(
      PulsarClient client, PulsarBusSettings settings, Consumer<PulsarSubscription> onClose) {
    this.subscription = settings.subscription();
    this.retry = settings.standbyRetry();
    this.onClose = onClose;
    this.builder =
        client
            .newConsumer(Schema.BYTES)
            .topic(PartitionedTopic.parse(settings.topic()).uri())
            .subscriptionName(settings.subscription())
            .subscriptionType(SubscriptionType.Exclusive)
            // A subscription created after messages were published must still see them: the
            // sequencer anchors everything ever published, not what came after it first started.
            .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
            .receiverQueueSize(settings.receiverQueueSize())
            .negativeAckRedeliveryDelay(
                settings.nackRedeliveryDelay().toMillis(), TimeUnit.MILLISECONDS);
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "pulsar-standby-" + settings.subscription());
              t.setDaemon(true);
              return t;
            });
    tryToBecomeActive();
  }

  private void tryToBecomeActive() {
    if (closed) {
      return;
    }
    builder
        .clone()
        .subscribeAsync()
        .whenComplete(
            (consumer, failure) -> {
              if (failure == null) {
                if (closed) {
                  consumer.closeAsync();
                } else {
                  LOG.log(
                      System.Logger.Level.INFO,
                      "active subscriber of " + subscription + " on " + consumer.getTopic());
                  active.complete(consumer);
                }
                return;
              }
              // Busy is the normal state of a standby: say so once, not every retry.
              String refusal = describe(failure);
              if (!refusal.equals(lastRefusal)) {
                lastRefusal = refusal;
                LOG.log(
                    System.Logger.Level.INFO,
                    "standing by for "
                        + subscription
                        + ", retrying every "
                        + retry
                        + ": "
                        + refusal);
              }
              if (!closed) {
                retries.schedule(this::tryToBecomeActive, retry.toMillis(), TimeUnit.MILLISECONDS);
              }
            });
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof java.util.concurrent.CompletionException
            || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof PulsarClientException.ConsumerBusyException) {
      return "another subscriber is active";
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  /** Whether this subscriber holds the subscription (a standby does not, yet). */
  public boolean isActive() {
    return active.isDone() && !closed;
  }

  /**
   * Whether this subscriber has been refused the subscription at least once and waits to take over;
   * false once it is active.
   */
  public boolean isStandingBy() {
    return !active.isDone() && !lastRefusal.isEmpty() && !closed;
  }

  /** Messages on the topic that were not bus messages, acknowledged and skipped. */
  public long malformed() {
    return malformed.get();
  }

  /** The most recent of those, with what was wrong with it. */
  public Optional<MalformedBusMessageException> lastMalformed() {
    return Optional.ofNullable(lastMalformed);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A standby waits up to {@code wait} to become active and returns an empty list if it does
   * not.
   */
  @Override
  public List<Delivery> take(int max, Duration wait) throws InterruptedException {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, not " + max);
    }
    if (closed) {
      throw new IllegalStateException("subscription " + subscription + " is closed");
    }
    long deadline = System.nanoTime() + wait.toNanos();
    org.apache.pulsar.client.api.Consumer<byte[]> consumer;
    try {
      consumer = active.get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException standby) {
      return List.of();
    } catch (ExecutionException impossible) {
      throw new IllegalStateException("never completed exceptionally", impossible);
    }
    List<Delivery> taken = new ArrayList<>();
    try {
      // Wait for the first message (skipping any malformed ones) until the deadline...
      while (taken.isEmpty()) {
        long left = deadline - System.nanoTime();
        Message<byte[]> m =
            consumer.receive(
                (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(left)), TimeUnit.MILLISECONDS);
        if (m == null) {
          return taken;
        }
        addOrSkip(consumer, m, taken);
      }
      // ...then only what is already here: a timeout of 0 polls the prefetch queue.
      while (taken.size() < max) {
        Message<byte[]> m = consumer.receive(0, TimeUnit.MILLISECONDS);
        if (m == null) {
          break;
        }
        addOrSkip(consumer, m, taken);
      }
    } catch (PulsarClientException e) {
      if (e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new InterruptedException("interrupted while taking from " + subscription);
      }
      if (!taken.isEmpty()) {
        return taken; // what was received stays deliverable; the next take reports the failure
      }
      throw new IllegalStateException("cannot receive from " + subscription + ": " + e, e);
    }
    return taken;
  }

  private void addOrSkip(
      org.apache.pulsar.client.api.Consumer<byte[]> consumer,
      Message<byte[]> m,
      List<Delivery> taken) {
    try {
      taken.add(
          new PulsarDelivery(consumer, m.getMessageId(), BusMessageCodec.decode(m.getValue())));
    } catch (MalformedBusMessageException e) {
      malformed.incrementAndGet();
      lastMalformed = e;
      // Once per message: it is acknowledged right away, so it is never delivered again. The key
      // is logged escaped and short; the payload never is.
      LOG.log(
          System.Logger.Level.WARNING,
          "skipped a message that is not a bus message on "
              + m.getTopicName()
              + " id "
              + m.getMessageId()
              + " key "
              + org.tracemark.keys.Untrusted.echo(String.valueOf(m.getKey()))
              + ": "
              + e.getMessage());
      consumer.acknowledgeAsync(m.getMessageId());
    }
  }

  /**
   * Stops being the subscriber. Deliveries taken but not acknowledged go to the next subscriber, as
   * after a crash.
   */
  @Override
  public void close() throws PulsarClientException {
    closed = true;
    retries.shutdownNow();
    onClose.accept(this);
    org.apache.pulsar.client.api.Consumer<byte[]> consumer = active.getNow(null);
    if (consumer != null) {
      consumer.close();
    } else {
      // An attempt in flight may still win; whatever it gets is given back at once.
      active.thenAccept(org.apache.pulsar.client.api.Consumer::closeAsync);
    }
  }

  private record PulsarDelivery(
      org.apache.pulsar.client.api.Consumer<byte[]> consumer, MessageId id, BusMessage message)
      implements Delivery {

    @Override
    public void ack() {
      // Asynchronous: a lost acknowledgement only means a redelivery, which the sequencer drops
      // as a duplicate of what it already anchored.
      consumer.acknowledgeAsync(id);
    }

    @Override
    public void nack(Throwable why) {
      LOG.log(System.Logger.Level.DEBUG, "redelivering " + message.first() + ": " + why);
      consumer.negativeAcknowledge(id);
    }
  }
}
