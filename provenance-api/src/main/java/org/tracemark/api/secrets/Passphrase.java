package org.tracemark.api.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the passphrase of a key kept encrypted at rest (the ledger's signing key, the device CA's
 * issuing key) comes from: the environment (a secret injected by the deployment) or a file readable
 * only by its owner. For a laptop demo, where nobody wants to invent a passphrase, it can generate
 * the file once.
 */
public final class Passphrase {

  private Passphrase() {}

  /**
   * @param keyName what the passphrase protects, for messages, e.g. {@code "ledger key"}
   * @param variable the environment variable that may hold it, for messages
   * @param fromEnvironment that variable's value, if set
   * @param file the passphrase file
   * @param generateIfMissing create {@code file} with a random passphrase when neither exists
   */
  public static char[] resolve(
      String keyName,
      String variable,
      Optional<String> fromEnvironment,
      Path file,
      boolean generateIfMissing)
      throws PassphraseException {
    if (fromEnvironment.isPresent() && !fromEnvironment.get().isBlank()) {
      return fromEnvironment.get().toCharArray();
    }
    try {
      if (Files.isRegularFile(file)) {
        String content = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (content.isEmpty()) {
          throw new PassphraseException(
              "the " + keyName + " passphrase file " + file + " is empty");
        }
        return content.toCharArray();
      }
      if (!generateIfMissing) {
        throw new PassphraseException(
            "no passphrase for the " + keyName + ": set " + variable + " or create " + file);
      }
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.createDirectories(file.getParent());
      try {
        Files.setPosixFilePermissions(
            file.getParent(), PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the user profile's ACLs apply.
      }
      Path temp = Files.createTempFile(file.getParent(), ".passphrase", ".tmp");
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system (Windows): the user profile's ACLs apply.
      }
      Files.writeString(temp, generated + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return generated.toCharArray();
    } catch (IOException e) {
      throw new PassphraseException(
          "could not read or create the "
              + keyName
              + " passphrase file "
              + file
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
