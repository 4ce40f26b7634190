package org.tracemark.api.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the ingest and sequencer roles ({@code /q/health/ready}): every MQTT connection up,
 * the sequencer running. A process whose broker is away is not ready (a load balancer or the
 * cluster script sees it), though it reconnects by itself and loses nothing meanwhile.
 */
@Readiness
@ApplicationScoped
public class IngestHealth implements HealthCheck {

  private final IngestRuntime runtime;

  public IngestHealth(IngestRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public HealthCheckResponse call() {
    List<String> problems = runtime.problems();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("ingest").status(problems.isEmpty());
    if (runtime.brokerUri() != null) {
      response.withData("broker", runtime.brokerUri());
    }
    response.withData("acknowledged", runtime.acknowledged());
    if (!problems.isEmpty()) {
      response.withData("problems", String.join("; ", problems));
    }
    return response.build();
  }
}
