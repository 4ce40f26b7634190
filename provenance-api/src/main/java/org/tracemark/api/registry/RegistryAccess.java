package org.tracemark.api.registry;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.util.Optional;
import java.util.UUID;
import org.tracemark.api.auth.Caller;
import org.tracemark.api.auth.Roles;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;
import org.tracemark.gs1.Gs1Exception;

/**
 * Who may read and write which registry rows (DESIGN §4), in one place for every registry resource:
 * producers read and write their own organisation's rows; auditors, customs and admins read
 * everything; admins write for any organisation but must say which; a GS1 key is accepted only
 * under the owning organisation's company prefixes, so no one registers another company's GTINs,
 * GLNs or SSCCs.
 */
@ApplicationScoped
public class RegistryAccess {

  /** The {@code code} of a 403 for a GS1 key outside the organisation's company prefixes. */
  public static final String NOT_YOUR_PREFIX = "not-your-prefix";

  private final Caller caller;
  private final EntityManager em;

  public RegistryAccess(Caller caller, EntityManager em) {
    this.caller = caller;
    this.em = em;
  }

  /** Whether the caller reads every organisation's rows (auditor, customs, admin). */
  public boolean readsAll() {
    return caller.isAdmin() || caller.hasRole(Roles.AUDITOR) || caller.hasRole(Roles.CUSTOMS);
  }

  /**
   * The organisation a list is limited to: for producers their own (asking for another is a 403);
   * for those who read everything, the {@code organisation} filter if they gave one.
   */
  public Optional<UUID> listScope(UUID requested) {
    if (readsAll()) {
      return Optional.ofNullable(requested);
    }
    UUID mine = caller.requireOrganisation();
    if (requested != null && !requested.equals(mine)) {
      throw notYours("The rows of organisation " + requested, mine);
    }
    return Optional.of(mine);
  }

  /** Allows reading a row of {@code owner}'s, or answers 403 {@code not-your-organisation}. */
  public void requireReadable(UUID owner, String what) {
    if (!readsAll()) {
      caller.requireOwnerOrAdmin(owner, what);
    }
  }

  /** Allows changing a row of {@code owner}'s (its producers, admins), or answers 403. */
  public void requireWritable(UUID owner, String what) {
    caller.requireOwnerOrAdmin(owner, what);
  }

  /**
   * The organisation a new row is for: the producer's own (naming another is a 403), or the one an
   * admin names, which an admin must do (a 400 otherwise: admins act for no organisation).
   */
  public Organisation writeScope(UUID named) {
    UUID organisation;
    if (caller.isAdmin()) {
      if (named == null) {
        throw new ProblemException(
            ProblemType.INVALID_REQUEST,
            "An admin must name the \"organisation\" the row is registered for.");
      }
      organisation = named;
    } else {
      organisation = caller.requireOrganisation();
      if (named != null && !named.equals(organisation)) {
        throw notYours("Organisation " + named, organisation);
      }
    }
    Organisation found = em.find(Organisation.class, organisation);
    if (found == null) {
      throw new ProblemException(
          ProblemType.INVALID_REQUEST,
          "Organisation " + organisation + " is not registered.",
          "unknown-organisation",
          null);
    }
    return found;
  }

  /**
   * Allows a GS1 key of {@code organisation}'s, or answers 403 {@code not-your-prefix}.
   *
   * @param digits the key from its company prefix position on (GLN; GTIN or SSCC without the
   *     indicator or extension digit)
   * @param what the key as the client wrote it, for the message
   */
  public static void requirePrefix(Organisation organisation, String digits, String what) {
    if (!organisation.owns(digits)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          what
              + " is not under a GS1 company prefix of organisation "
              + organisation.id()
              + " ("
              + String.join(", ", organisation.companyPrefixes().stream().sorted().toList())
              + ").",
          NOT_YOUR_PREFIX,
          null);
    }
  }

  /** A GS1 value from the body or path, parsed; a bad one is a 400 {@code invalid-gs1}. */
  public static <T> T gs1(String field, Gs1Parser<T> parser, String value) {
    try {
      return parser.parse(value);
    } catch (Gs1Exception e) {
      throw new ProblemException(
          ProblemType.INVALID_GS1, field + ": " + e.getMessage(), e.code().id(), e);
    }
  }

  /** A gs1 factory such as {@code Gtin::parse}. */
  @FunctionalInterface
  public interface Gs1Parser<T> {
    T parse(String value) throws Gs1Exception;
  }

  /**
   * Stores a new row now, so that a key taken meanwhile by a concurrent request (a unique
   * violation, SQLState 23505) is the client's 409, not a 500 at commit.
   */
  public void insert(Object row, String conflict) {
    try {
      em.persist(row);
      em.flush();
    } catch (PersistenceException e) {
      if (isUniqueViolation(e)) {
        throw new ProblemException(ProblemType.CONFLICT, conflict, "duplicate", e);
      }
      throw e;
    }
  }

  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  private ProblemException notYours(String what, UUID mine) {
    return new ProblemException(
        ProblemType.FORBIDDEN,
        what + " belongs to another organisation; " + caller.subject() + " acts for " + mine + ".",
        "not-your-organisation",
        null);
  }

  /** A 404 for a registry row that does not exist. */
  public static ProblemException notFound(String what) {
    return new ProblemException(ProblemType.NOT_FOUND, "No " + what + " is registered.");
  }

  /** A 409 for a row whose key is taken. */
  public static ProblemException conflict(String detail) {
    return new ProblemException(ProblemType.CONFLICT, detail, "duplicate", null);
  }
}
