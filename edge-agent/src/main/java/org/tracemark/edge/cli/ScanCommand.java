package org.tracemark.edge.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tracemark.edge.agent.Agent;
import org.tracemark.edge.config.AgentConfig;
import org.tracemark.edge.config.Passphrases;
import org.tracemark.edge.scan.ScanLine;
import org.tracemark.edge.scan.ScanParser;
import org.tracemark.edge.scan.ScanResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tracemark-agent scan}: barcode scans from stdin or a device file, signed and sent. */
@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = {
      "Reads scans, one a line, from stdin or --input (e.g. /dev/ttyACM0): GS1 element strings"
          + " (FNC1 as GS, with or without a ]C1/]d2/]Q3 prefix, or the (01)… form) or GS1"
          + " Digital Link URIs. Check digits are validated; each good scan becomes a signed"
          + " 'scan' reading with --biz and --loc, queued and published. A bad line is reported"
          + " with its number and skipped.",
      "Exit 0 if every line was good, 1 if any was rejected."
    })
final class ScanCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Option(
      names = "--biz",
      required = true,
      description = "CBV business step, e.g. shipping, receiving, commissioning.")
  String biz;

  @Option(names = "--loc", description = "Where: SGLN URN or Digital Link /414/{gln}/254/{ext}.")
  String loc;

  @Option(names = "--input", description = "Read scans from this file instead of stdin.")
  Path input;

  @Override
  public Integer call() throws Exception {
    if (biz.isBlank() || (loc != null && loc.isBlank())) {
      throw new IllegalArgumentException("--biz and --loc must not be blank");
    }
    AgentConfig settings = config.load();
    char[] passphrase = Passphrases.deviceKey(settings);
    int accepted = 0;
    int rejected = 0;
    try (Agent agent = start(settings, passphrase);
        InputStream in = input == null ? System.in : Files.newInputStream(input)) {
      for (ScanLine line : (Iterable<ScanLine>) ScanParser.lines(in)::iterator) {
        if (line.result() instanceof ScanResult.Accepted scan) {
          agent.record(
              List.of(scan.observe(System.currentTimeMillis(), biz, Optional.ofNullable(loc))));
          accepted++;
          System.out.println("line " + line.number() + ": " + scan.epc());
        } else if (line.result() instanceof ScanResult.Rejected bad) {
          rejected++;
          System.err.println("line " + line.number() + ": rejected: " + bad.message());
        }
      }
      boolean drained = agent.awaitDrained(Duration.ofSeconds(30));
      System.out.printf(
          "tracemark-agent: %d scans signed and queued, %d rejected; %s%n",
          accepted,
          rejected,
          drained
              ? "all acknowledged by the broker"
              : agent.pending() + " still queued (sent when the broker is back)");
    }
    return rejected == 0 ? 0 : 1;
  }

  private static Agent start(AgentConfig settings, char[] passphrase) throws Exception {
    try {
      return Agent.start(settings, passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }
}
