package org.tracemark.edge.publish;

import java.util.List;

/**
 * The durable buffer the {@link Publisher} drains: the agent appends signed readings to it, the
 * publisher sends them and acknowledges each one once the broker has confirmed it (QoS 1 PUBACK).
 *
 * <p>Ids are increasing (not necessarily consecutive). {@link #head()} is the id of the oldest
 * record not yet acknowledged, or the id the next appended record will get when everything is
 * acknowledged; every id below it is acknowledged. Acknowledgements may arrive out of order: the
 * head moves over the contiguous acknowledged prefix only.
 *
 * <p>Implementations must be thread-safe: {@link #read} is called by the publisher's sender thread
 * and {@link #acknowledge} by Paho's callback thread, concurrently. {@code acknowledge} runs on the
 * thread that also delivers incoming messages, so it should be cheap (no fsync per call).
 */
public interface Outbox {

  /**
   * Up to {@code max} records with id {@code >= fromId}, in id order; empty when there are none.
   * Records already acknowledged above the head may be returned again; the publisher skips those it
   * knows about and otherwise resends them (a duplicate, never a loss).
   */
  List<OutboxRecord> read(long fromId, int max);

  /** Marks {@code id} delivered to the broker; called at most once per delivery. */
  void acknowledge(long id);

  /** The oldest unacknowledged id (see the class comment). */
  long head();
}
