package org.tracemark.api.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The demo's own token issuer key (ES256): made on first start under {@code <home>/auth/}, the
 * private half readable by its owner only, the public half what the API verifies Bearer tokens
 * with. A deployment with an identity provider points {@code tracemark.auth.public-key} elsewhere
 * and has no such file.
 */
final class TokenKeys {

  static final String PRIVATE = "token-signing.pem";
  static final String PUBLIC = "token-public.pem";

  private TokenKeys() {}

  /** Creates the key pair if {@code <home>/auth/} has none; returns the public key file. */
  static Path ensure(Path home) throws IOException {
    Path dir = home.resolve("auth");
    Path publicKey = dir.resolve(PUBLIC);
    Path privateKey = dir.resolve(PRIVATE);
    if (Files.exists(publicKey) && Files.exists(privateKey)) {
      return publicKey;
    }
    Files.createDirectories(dir);
    restrict(dir, "rwx------");
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IOException("could not generate the token key", e);
    }
    Path partial = dir.resolve(PRIVATE + ".partial");
    Files.deleteIfExists(partial);
    Files.createFile(partial);
    restrict(partial, "rw-------");
    Files.writeString(partial, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
    Files.move(partial, privateKey, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    return publicKey;
  }

  private static void restrict(Path path, String permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the user profile's ACLs apply.
    }
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
