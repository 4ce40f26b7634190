package org.tracemark.api.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TokenCommandTest {

  @Test
  void mintsATokenTheDemosPublicKeyVerifiesWithRoleAndOrganisation(@TempDir Path home)
      throws Exception {
    Path publicKey = TokenKeys.ensure(home);
    UUID org = UUID.randomUUID();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(out, true));
      exit =
          new CommandLine(new TokenCommand())
              .execute("--role", "producer", "--org", org.toString(), "--home", home.toString());
    } finally {
      System.setOut(stdout);
    }
    assertThat(exit).isZero();
    String pem = Files.readString(publicKey);
    PublicKey key =
        KeyFactory.getInstance("EC")
            .generatePublic(
                new X509EncodedKeySpec(
                    Base64.getMimeDecoder()
                        .decode(pem.replaceAll("-----[A-Z ]+-----", "").strip())));
    JwtClaims claims =
        new JwtConsumerBuilder()
            .setVerificationKey(key)
            .setExpectedIssuer("https://tracemark.local")
            .setRequireExpirationTime()
            .build()
            .processToClaims(out.toString().strip());
    assertThat(claims.getStringListClaimValue("groups")).containsExactly("producer");
    assertThat(claims.getStringClaimValue("org")).isEqualTo(org.toString());
  }

  @Test
  void aProducerTokenNeedsAnOrganisationAndTheKeyMustExist(@TempDir Path home) {
    assertThat(
            new CommandLine(new TokenCommand())
                .execute("--role", "producer", "--home", home.toString()))
        .isNotZero();
    assertThat(
            new CommandLine(new TokenCommand())
                .execute("--role", "admin", "--home", home.toString()))
        .as("no key under an empty home")
        .isNotZero();
    assertThat(
            new CommandLine(new TokenCommand())
                .execute("--role", "root", "--home", home.toString()))
        .isNotZero();
  }
}
