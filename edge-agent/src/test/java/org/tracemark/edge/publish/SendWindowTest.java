package org.tracemark.edge.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SendWindowTest {

  @Test
  void aFullWindowHoldsTheSenderUntilAConfirmationFreesASlot() throws Exception {
    SendWindow window = new SendWindow(3);
    window.open(1);
    for (int i = 0; i < 3; i++) {
      assertThat(window.acquire(1)).isTrue();
    }
    CompletableFuture<Boolean> fourth = acquireAsync(window, 1);
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(1))
        .until(() -> !fourth.isDone());
    window.release(1);
    await().atMost(Duration.ofSeconds(5)).until(fourth::isDone);
    assertThat(fourth.get()).isTrue();
    assertThat(window.used()).isEqualTo(3);
  }

  @Test
  void aNewConnectionReleasesWaitersOfTheOldOneAndStartsEmpty() throws Exception {
    SendWindow window = new SendWindow(1);
    window.open(1);
    assertThat(window.acquire(1)).isTrue();
    CompletableFuture<Boolean> waiting = acquireAsync(window, 1);
    window.open(2);
    await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
    assertThat(waiting.get()).isFalse();
    assertThat(window.used()).isZero();
    // A late confirmation from the old connection does not free a slot of the new one.
    assertThat(window.acquire(2)).isTrue();
    window.release(1);
    assertThat(window.used()).isEqualTo(1);
  }

  @Test
  void aClosedWindowRefusesEveryone() throws Exception {
    SendWindow window = new SendWindow(2);
    assertThat(window.acquire(SendWindow.CLOSED)).isFalse();
    window.open(5);
    window.close();
    assertThat(window.acquire(5)).isFalse();
    assertThat(window.generation()).isEqualTo(SendWindow.CLOSED);
  }

  private static CompletableFuture<Boolean> acquireAsync(SendWindow window, long generation) {
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(window.acquire(generation));
              } catch (InterruptedException e) {
                result.completeExceptionally(e);
              }
            });
    thread.setDaemon(true);
    thread.start();
    return result;
  }
}
