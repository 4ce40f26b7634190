package org.tracemark.keys.signing;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A COSE {@code alg} value that reading format v1 does not allow.
 *
 * <p>Checked: the value comes from a message off the network, and the caller must turn it into a
 * quarantine outcome ({@code malformed}), not let it escape.
 */
public final class UnsupportedAlgorithmException extends Exception {

  private final long coseValue;

  UnsupportedAlgorithmException(long coseValue) {
    super(
        "COSE alg "
            + coseValue
            + " is not supported; expected one of "
            + Arrays.stream(SigningAlgorithm.values())
                .map(a -> a.coseValue() + " (" + a.coseName() + ")")
                .collect(Collectors.joining(", ")));
    this.coseValue = coseValue;
  }

  /** The rejected COSE algorithm value. */
  public long coseValue() {
    return coseValue;
  }
}
