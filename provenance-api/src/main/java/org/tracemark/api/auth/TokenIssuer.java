package org.tracemark.api.auth;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The built-in token issuer (embedded mode): signs ES256 tokens with the private key whose public
 * half the API verifies with ({@code tracemark.auth.signing-key}, made by {@code ./tracemark demo}
 * under {@code ~/.tracemark/auth/}). A deployment with an external OIDC provider has no such key,
 * and {@link #available()} is false there.
 */
@ApplicationScoped
public class TokenIssuer {

  private final String issuer;
  private final Path keyFile;
  private final Duration lifetime;
  private volatile PrivateKey key;

  public TokenIssuer(
      @ConfigProperty(name = "tracemark.auth.issuer") String issuer,
      @ConfigProperty(name = "tracemark.auth.signing-key") Path keyFile,
      @ConfigProperty(name = "tracemark.auth.token-lifetime", defaultValue = "PT8H")
          Duration lifetime) {
    this.issuer = issuer;
    this.keyFile = keyFile;
    this.lifetime = lifetime;
  }

  /** Whether this deployment issues tokens itself. */
  public boolean available() {
    return Files.isReadable(keyFile);
  }

  public Duration lifetime() {
    return lifetime;
  }

  /** A token for {@code subject} with {@code role}, acting for {@code organisation} if given. */
  public String issue(String subject, String role, Optional<UUID> organisation)
      throws IOException, GeneralSecurityException {
    var builder = Jwt.issuer(issuer).upn(subject).groups(role).expiresIn(lifetime.toSeconds());
    organisation.ifPresent(org -> builder.claim(Caller.ORG_CLAIM, org.toString()));
    return builder.jws().algorithm(SignatureAlgorithm.ES256).sign(key());
  }

  private PrivateKey key() throws IOException, GeneralSecurityException {
    PrivateKey loaded = key;
    if (loaded == null) {
      loaded = readPrivateKey(keyFile);
      key = loaded;
    }
    return loaded;
  }

  /** An EC private key from a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}). */
  public static PrivateKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
    String base64 =
        Files.readString(file)
            .replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
