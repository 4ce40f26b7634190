package org.tracemark.ledger.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TreeSizeTest {

  @Test
  void acceptsZeroAndTheLargestLong() {
    assertThat(TreeSize.of(0)).isEqualTo(TreeSize.ZERO);
    assertThat(TreeSize.of(Long.MAX_VALUE).value()).isEqualTo(Long.MAX_VALUE);
    assertThat(LeafIndex.of(0).value()).isZero();
    assertThat(LeafIndex.of(Long.MAX_VALUE).value()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void rejectsNegativeValuesNamingThem() {
    // A uint64 of 2^63 or more read into a long shows up here as negative.
    assertThatThrownBy(() -> TreeSize.of(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tree size must be >= 0, got -1");
    assertThatThrownBy(() -> LeafIndex.of(Long.MIN_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leaf index must be >= 0, got " + Long.MIN_VALUE);
  }

  @Test
  void aTreeContainsTheIndicesBelowItsSize() {
    TreeSize three = TreeSize.of(3);
    assertThat(three.contains(LeafIndex.of(0))).isTrue();
    assertThat(three.contains(LeafIndex.of(2))).isTrue();
    assertThat(three.contains(LeafIndex.of(3))).isFalse();
    assertThat(TreeSize.ZERO.contains(LeafIndex.of(0))).isFalse();
  }

  @Test
  void ordersByValue() {
    assertThat(TreeSize.of(2)).isGreaterThan(TreeSize.of(1));
    assertThat(LeafIndex.of(2)).isLessThan(LeafIndex.of(10));
    assertThat(TreeSize.of(70000)).hasToString("70000");
  }
}
