package org.tracemark.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU time of this JVM and of every local PostgreSQL process (backends, WAL writer, checkpointer,
 * …, read from {@code /proc}), to tell whether a run is bound by CPU (the two together near 200% on
 * two cores) or by waiting (fsync, scheduling). PostgreSQL's share includes whatever else uses that
 * server at the time. Linux only; elsewhere PostgreSQL reads as 0.
 */
final class CpuMeter {

  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long wall;
  private long jvm;
  private long postgres;

  void start() {
    wall = System.nanoTime();
    jvm = os.getProcessCpuTime();
    postgres = postgresNanos();
  }

  /** "JVM x%, PostgreSQL y% of one core; machine load average z" since {@link #start()}. */
  String report() {
    double elapsed = System.nanoTime() - wall;
    double jvmShare = (os.getProcessCpuTime() - jvm) / elapsed;
    double pgShare = (postgresNanos() - postgres) / elapsed;
    return String.format(
        Locale.ROOT,
        "CPU: this JVM %.0f%%, PostgreSQL %.0f%% of one core (%d cores); load average %.1f",
        100 * jvmShare,
        100 * pgShare,
        Runtime.getRuntime().availableProcessors(),
        os.getSystemLoadAverage());
  }

  private static long postgresNanos() {
    long ticks = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        try {
          String stat = Files.readString(proc.resolve("stat"));
          int open = stat.indexOf('(');
          int close = stat.lastIndexOf(')');
          if (open < 0 || close < 0 || !stat.substring(open + 1, close).equals("postgres")) {
            continue;
          }
          String[] fields = stat.substring(close + 2).split(" ");
          // After "pid (comm) ", field 0 is state; utime and stime are fields 11 and 12.
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException gone) {
          // the process ended meanwhile, or is not ours to read
        }
      }
    } catch (IOException noProc) {
      return 0;
    }
    return ticks * (1_000_000_000L / TICKS_PER_SECOND);
  }
}
