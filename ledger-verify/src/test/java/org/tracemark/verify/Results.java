package org.tracemark.verify;

import static org.assertj.core.api.Assertions.assertThat;

/** Unwraps a {@link MonitorResult} in tests, failing with the failure's message when unexpected. */
final class Results {

  private Results() {}

  static MonitorResult.Verified verified(MonitorResult result) {
    if (result instanceof MonitorResult.Failed failed) {
      throw new AssertionError("expected OK, got FAIL: " + failed.failure().message());
    }
    return (MonitorResult.Verified) result;
  }

  static <T extends Failure> T failure(MonitorResult result, Class<T> type) {
    if (result instanceof MonitorResult.Verified verified) {
      throw new AssertionError(
          "expected a " + type.getSimpleName() + " failure, got OK at " + verified.checkpoint());
    }
    Failure failure = ((MonitorResult.Failed) result).failure();
    assertThat(failure).as(failure.message()).isInstanceOf(type);
    return type.cast(failure);
  }
}
