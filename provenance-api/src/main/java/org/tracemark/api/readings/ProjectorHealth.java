package org.tracemark.api.readings;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.tracemark.api.ledger.Ledger;

/**
 * How far the reading tables are behind the ledger, at {@code /q/health/well}: a wellness check,
 * not readiness, because stale readings are worth an alert but not worth taking the API (whose
 * ledger and registry are current) out of service. DOWN when the projector has been behind for
 * longer than {@link #STALLED} without catching up once: it is failing, not just busy.
 */
@Wellness
@ApplicationScoped
public class ProjectorHealth implements HealthCheck {

  static final Duration STALLED = Duration.ofSeconds(30);

  private final ReadingProjector projector;
  private final Ledger ledger;

  public ProjectorHealth(ReadingProjector projector, Ledger ledger) {
    this.projector = projector;
    this.ledger = ledger;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("reading-projector");
    if (!projector.running()) {
      return response.up().withData("enabled", false).build();
    }
    long committed;
    try {
      committed = ledger.state().size().value();
    } catch (Exception e) {
      return response
          .down()
          .withData("error", "ledger state unreadable: " + e.getMessage())
          .build();
    }
    long projected = projector.projectedSize();
    long behind = Math.max(0, committed - projected);
    Instant caughtUp = projector.caughtUpAt();
    boolean stalled = behind > 0 && caughtUp.plus(STALLED).isBefore(Instant.now());
    return response
        .status(!stalled)
        .withData("projectedSize", projected)
        .withData("committedSize", committed)
        .withData("entriesBehind", behind)
        .withData("caughtUpAt", caughtUp.toString())
        .build();
  }
}
