package org.tracemark.api.auth;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * A token issuer for tests: makes a fresh ES256 key pair before Quarkus starts (no key in git),
 * writes the public half where {@code %test.tracemark.auth.public-key} points, and mints tokens.
 * Registered once with {@code @QuarkusTestResource} on any test; it applies to all of them.
 */
public final class TestTokens implements QuarkusTestResourceLifecycleManager {

  static final Path PUBLIC_KEY = Path.of("target/test-auth/token-public.pem");
  private static volatile PrivateKey signingKey;

  @Override
  public Map<String, String> start() {
    ensureKey();
    return Map.of();
  }

  @Override
  public void stop() {}

  private static synchronized void ensureKey() {
    if (signingKey != null) {
      return;
    }
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      Files.createDirectories(PUBLIC_KEY.getParent());
      String pem =
          "-----BEGIN PUBLIC KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes())
                  .encodeToString(pair.getPublic().getEncoded())
              + "\n-----END PUBLIC KEY-----\n";
      Files.writeString(PUBLIC_KEY, pem);
      // The built-in issuer signs sign-in tokens with the private half (test key, never in git).
      Files.writeString(
          PUBLIC_KEY.resolveSibling("token-signing.pem"),
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, "\n".getBytes())
                  .encodeToString(pair.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n");
      signingKey = pair.getPrivate();
    } catch (Exception e) {
      throw new IllegalStateException("could not make the test token key", e);
    }
  }

  /** A token for {@code subject} with {@code role}, acting for {@code organisation} (or none). */
  public static String token(String subject, String role, UUID organisation) {
    ensureKey();
    var builder = Jwt.issuer("https://tracemark.local").upn(subject).groups(role).expiresIn(600);
    if (organisation != null) {
      builder.claim(Caller.ORG_CLAIM, organisation.toString());
    }
    return builder
        .jws()
        .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256)
        .sign(signingKey);
  }

  public static String producer(UUID organisation) {
    return token("producer@" + organisation, Roles.PRODUCER, organisation);
  }

  public static String customs() {
    return token("officer@customs", Roles.CUSTOMS, null);
  }

  public static String admin() {
    return token("admin@tracemark", Roles.ADMIN, null);
  }

  /** A well-formed token signed by a key the platform has never seen. */
  public static String forged(UUID organisation) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return Jwt.issuer("https://tracemark.local")
          .upn("mallory")
          .groups(Roles.ADMIN)
          .claim(Caller.ORG_CLAIM, organisation.toString())
          .jws()
          .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.ES256)
          .sign(generator.generateKeyPair().getPrivate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
