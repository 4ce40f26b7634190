package org.tracemark.keys.pki;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The Bouncy Castle provider instance every class in this package uses. */
final class BouncyCastle {

  /**
   * One instance for the package: constructing the provider registers hundreds of algorithms and
   * takes tens of milliseconds. It is passed to each JCA call rather than installed with {@code
   * Security.addProvider}, so that using this package never changes the JVM-wide provider list of
   * the application that embeds it.
   */
  static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();

  private BouncyCastle() {}
}
