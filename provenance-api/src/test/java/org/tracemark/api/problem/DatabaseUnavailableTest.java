package org.tracemark.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

  @Test
  void connectionFailuresAnywhereInTheCauseChainAreOutages() {
    assertThat(
            ProblemMappers.isDatabaseUnavailable(
                new RuntimeException(new SQLTransientConnectionException("gone"))))
        .isTrue();
    assertThat(
            ProblemMappers.isDatabaseUnavailable(
                new IllegalStateException(
                    "wrapped", new SQLException("Connection refused", "08001"))))
        .isTrue();
    assertThat(
            ProblemMappers.isDatabaseUnavailable(
                new SQLException("Acquisition timeout while waiting for new connection")))
        .isTrue();
  }

  @Test
  void otherSqlErrorsAreBugsNotOutages() {
    assertThat(
            ProblemMappers.isDatabaseUnavailable(
                new SQLException("duplicate key value violates unique constraint", "23505")))
        .isFalse();
    assertThat(ProblemMappers.isDatabaseUnavailable(new NullPointerException())).isFalse();
  }
}
