package org.tracemark.api.auth;

/** The roles a token may carry in its {@code groups} claim (DESIGN §4). */
public final class Roles {

  /** Registers its organisation's products, locations, devices; captures events. */
  public static final String PRODUCER = "producer";

  /** A customs authority's officer: reads declared shipments' chains, records decisions. */
  public static final String CUSTOMS = "customs";

  /** Reads everything, writes nothing. */
  public static final String AUDITOR = "auditor";

  /** Operates the platform: organisations, quarantine, any organisation's devices. */
  public static final String ADMIN = "admin";

  private Roles() {}
}
