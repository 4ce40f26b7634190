package org.tracemark.api.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.tracemark.api.problem.ProblemException;
import org.tracemark.api.problem.ProblemType;

/**
 * Who is calling, from the verified Bearer token: a subject, roles and, for everyone but platform
 * admins, the organisation ({@code org} claim, an organisation id) that every write is scoped to.
 */
@RequestScoped
public class Caller {

  /** The token claim naming the caller's organisation. */
  public static final String ORG_CLAIM = "org";

  @Inject JsonWebToken token;

  public String subject() {
    return token.getName() == null ? "anonymous" : token.getName();
  }

  public boolean isAdmin() {
    return token.getGroups() != null && token.getGroups().contains(Roles.ADMIN);
  }

  /** Whether the token carries {@code role} (one of {@link Roles}). */
  public boolean hasRole(String role) {
    return token.getGroups() != null && token.getGroups().contains(role);
  }

  /** The caller's organisation, if the token names one. */
  public Optional<UUID> organisation() {
    Object claim = token.getClaim(ORG_CLAIM);
    if (claim == null) {
      return Optional.empty();
    }
    String text = claim.toString().replace("\"", "");
    try {
      return Optional.of(UUID.fromString(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Whose data a read covers: nobody's in particular (empty: every organisation's) for customs,
   * auditors and admins; the caller's own organisation for a producer.
   *
   * @throws ProblemException 403 for a producer whose token names no organisation
   */
  public Optional<UUID> readScope() {
    return hasRole(Roles.CUSTOMS) || hasRole(Roles.AUDITOR) || isAdmin()
        ? Optional.empty()
        : Optional.of(requireOrganisation());
  }

  /**
   * The organisation a write is scoped to.
   *
   * @throws ProblemException 403 when the token names no organisation
   */
  public UUID requireOrganisation() {
    return organisation()
        .orElseThrow(
            () ->
                new ProblemException(
                    ProblemType.FORBIDDEN,
                    "The token of " + subject() + " names no organisation (claim \"org\")."));
  }

  /**
   * Allows the request only for the owning organisation's members and platform admins.
   *
   * @throws ProblemException 403 naming both organisations otherwise
   */
  public void requireOwnerOrAdmin(UUID owner, String what) {
    if (isAdmin()) {
      return;
    }
    UUID mine = requireOrganisation();
    if (!mine.equals(owner)) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          what + " belongs to another organisation; " + subject() + " acts for " + mine + ".",
          "not-your-organisation",
          null);
    }
  }
}
