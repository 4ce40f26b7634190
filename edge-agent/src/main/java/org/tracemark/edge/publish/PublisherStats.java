package org.tracemark.edge.publish;

import java.util.Optional;

/**
 * A snapshot of a {@link Publisher}'s counters.
 *
 * @param sent readings handed to the MQTT client, resends after a reconnect included
 * @param acknowledged readings the broker confirmed (PUBACK) and the outbox was told about
 * @param inFlight readings sent on the current connection and not yet confirmed
 * @param connected whether a connection is up now
 * @param connects successful connections since start
 * @param reconnects successful connections after the first
 * @param failedAttempts connection attempts that failed since start
 * @param lastError the most recent failed attempt or lost connection, kept after a later success
 */
public record PublisherStats(
    long sent,
    long acknowledged,
    int inFlight,
    boolean connected,
    long connects,
    long reconnects,
    long failedAttempts,
    Optional<ConnectFailure> lastError) {}
