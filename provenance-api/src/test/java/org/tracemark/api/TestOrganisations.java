package org.tracemark.api;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Organisations for tests, written straight into PostgreSQL: one with the GS1 company prefixes a
 * test captures under. Fresh prefixes are random ({@code 9} + 8 digits), so runs against the same
 * database never collide; an organisation or prefix already there is left as it is, so a fixed one
 * (GS1's example company) survives a second run.
 */
public final class TestOrganisations {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TestOrganisations() {}

  /** A random 9-digit company prefix. */
  public static String freshPrefix() {
    return "9" + String.format("%08d", RANDOM.nextInt(100_000_000));
  }

  /** Inserts organisation {@code id} (unless present) and its prefixes (unless taken). */
  public static void insert(
      DataSource dataSource,
      String schema,
      UUID id,
      String name,
      String country,
      String... prefixes)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO "
                  + schema
                  + ".organisation (id, name, country) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        s.setObject(1, id);
        s.setString(2, name);
        s.setString(3, country);
        s.executeUpdate();
      }
      for (String prefix : prefixes) {
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO "
                    + schema
                    + ".gs1_company_prefix (prefix, organisation_id) VALUES (?, ?)"
                    + " ON CONFLICT DO NOTHING")) {
          s.setString(1, prefix);
          s.setObject(2, id);
          s.executeUpdate();
        }
      }
    }
  }
}
