package org.tracemark.api.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The built-in issuer's users (table {@code app_user}, migration V9). */
@ApplicationScoped
public class UserStore {

  private final DataSource dataSource;
  private final String schema;

  public UserStore(
      DataSource dataSource, @ConfigProperty(name = "tracemark.db.schema") String schema) {
    this.dataSource = dataSource;
    this.schema = schema;
  }

  /** A user as stored; the hash never leaves this package. */
  public record User(
      String username,
      String passwordHash,
      String role,
      Optional<UUID> organisation,
      boolean disabled,
      Instant createdAt,
      Optional<Instant> lastLoginAt) {}

  /**
   * Adds a user.
   *
   * @return false if the username is taken
   */
  public boolean add(String username, String passwordHash, String role, UUID organisation)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".app_user (username, password_hash, role, organisation_id)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (username) DO NOTHING")) {
      s.setString(1, username);
      s.setString(2, passwordHash);
      s.setString(3, role);
      s.setObject(4, organisation);
      return s.executeUpdate() == 1;
    }
  }

  public Optional<User> find(String username) throws SQLException {
    List<User> found = select(" WHERE username = ?", username);
    return found.stream().findFirst();
  }

  public List<User> all() throws SQLException {
    return select(" ORDER BY username", null);
  }

  /** Marks a sign-in; returns false if there is no such user. */
  public boolean signedIn(String username, Instant at) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE " + schema + ".app_user SET last_login_at = ? WHERE username = ?")) {
      s.setTimestamp(1, Timestamp.from(at));
      s.setString(2, username);
      return s.executeUpdate() == 1;
    }
  }

  /** Disables a user (its tokens expire on their own; no new ones are issued). */
  public boolean disable(String username) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE " + schema + ".app_user SET disabled = true WHERE username = ?")) {
      s.setString(1, username);
      return s.executeUpdate() == 1;
    }
  }

  private List<User> select(String where, String parameter) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT username, password_hash, role, organisation_id, disabled, created_at,"
                    + " last_login_at FROM "
                    + schema
                    + ".app_user"
                    + where)) {
      if (parameter != null) {
        s.setString(1, parameter);
      }
      List<User> users = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Timestamp last = rs.getTimestamp(7);
          users.add(
              new User(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  Optional.ofNullable(rs.getObject(4, UUID.class)),
                  rs.getBoolean(5),
                  rs.getTimestamp(6).toInstant(),
                  Optional.ofNullable(last).map(Timestamp::toInstant)));
        }
      }
      return users;
    }
  }
}
