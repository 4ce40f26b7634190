package org.tracemark.edge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tracemark-agent}: the edge agent of a sensor or scanner, and the fleet simulator. */
@Command(
    name = "tracemark-agent",
    mixinStandardHelpOptions = true,
    version = "tracemark-agent 0.1.0",
    description =
        "Signs readings on a device, keeps them on disk until the broker has them, and"
            + " publishes them over MQTT; or simulates a fleet of devices for load tests.",
    subcommands = {
      EnrollCommand.class,
      RunCommand.class,
      ScanCommand.class,
      StatusCommand.class,
      FleetCommand.class,
      CommandLine.HelpCommand.class
    })
public final class AgentCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The command line with one-line errors (no usage dump) for bad options. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new AgentCommand());
    cli.setParameterExceptionHandler(
        (e, args) -> {
          e.getCommandLine()
              .getErr()
              .println("tracemark-agent: " + e.getMessage() + " (see --help)");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("tracemark-agent: " + e.getMessage());
          return 1;
        });
    return cli;
  }

  public static void main(String[] args) {
    // One line per log record (java.util.logging's default takes two).
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
    }
    System.exit(commandLine().execute(args));
  }
}
