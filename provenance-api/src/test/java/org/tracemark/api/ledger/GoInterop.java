package org.tracemark.api.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/go/ledger-interop, a verifier built on Go's golang.org/x/mod/sumdb/note and
 * sumdb/tlog (Debian's golang-go and golang-golang-x-mod-dev, installed by ./tracemark test): an
 * implementation of signed notes, tiles and proofs that is not ours.
 */
final class GoInterop {

  record Result(int exitCode, String output) {}

  private GoInterop() {}

  static Result run(String baseUrl, long oldSize) throws IOException, InterruptedException {
    Path program = Path.of("src/test/go/ledger-interop/main.go").toAbsolutePath();
    Path gopath = Path.of(System.getenv().getOrDefault("TRACEMARK_GOPATH", "/usr/share/gocode"));
    if (!Files.isDirectory(gopath.resolve("src/golang.org/x/mod/sumdb/tlog"))) {
      throw new IllegalStateException(
          "golang.org/x/mod is not under "
              + gopath
              + "; install Debian's golang-go and golang-golang-x-mod-dev (./tracemark services"
              + " does this as root)");
    }
    Path cache = Files.createTempDirectory("go-build");
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of("go", "run", program.toString(), baseUrl, Long.toString(oldSize)))
            .redirectErrorStream(true);
    pb.environment().put("GOPATH", gopath.toString());
    pb.environment().put("GO111MODULE", "off");
    pb.environment().put("GOFLAGS", "");
    pb.environment().put("GOCACHE", cache.toString());
    Process process = pb.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("the Go verifier did not finish within 3 minutes");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), output.strip());
  }
}
