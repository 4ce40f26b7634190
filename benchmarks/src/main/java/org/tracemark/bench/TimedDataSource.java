package org.tracemark.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * A data source that times what the ledger asks of PostgreSQL, to tell where a commit's time goes:
 * opening and closing connections, each kind of statement ({@code execute*} calls, labelled by
 * their SQL), {@code COMMIT} (the WAL flush), and how many {@code bytea} bytes were bound. Costs
 * two {@code System.nanoTime()} calls per JDBC round trip, nothing per row.
 */
final class TimedDataSource extends ForwardingDataSource implements AutoCloseable {

  private static final class Timer {
    long calls;
    long nanos;
  }

  private final Map<String, Timer> timers = new TreeMap<>();
  private long byteaBytes;
  private long byteaValues;

  TimedDataSource(DataSource target) {
    super(target);
  }

  /** Forgets everything measured so far. */
  synchronized void reset() {
    timers.clear();
    byteaBytes = 0;
    byteaValues = 0;
  }

  /** Nanoseconds spent in JDBC calls since the last reset. */
  synchronized long totalNanos() {
    return timers.values().stream().mapToLong(t -> t.nanos).sum();
  }

  synchronized long byteaBytes() {
    return byteaBytes;
  }

  /**
   * One line per kind of call: how many, total time, and time per {@code unit} (per batch, say).
   */
  synchronized String report(String unit, long units) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Timer> e : timers.entrySet()) {
      Timer t = e.getValue();
      out.append(
          String.format(
              Locale.ROOT,
              "    %-34s %,9d calls %,10.1f ms %,9.1f µs/%s%n",
              e.getKey(),
              t.calls,
              t.nanos / 1e6,
              units == 0 ? 0.0 : t.nanos / 1e3 / units,
              unit));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "    %-34s %,9d values %,9.1f MB %,9.1f kB/%s%n",
            "bytea bound",
            byteaValues,
            byteaBytes / 1e6,
            units == 0 ? 0.0 : byteaBytes / 1e3 / units,
            unit));
    return out.toString();
  }

  private synchronized void record(String label, long nanos) {
    Timer t = timers.computeIfAbsent(label, k -> new Timer());
    t.calls++;
    t.nanos += nanos;
  }

  private synchronized void bytea(byte[] value) {
    if (value != null) {
      byteaValues++;
      byteaBytes += value.length;
    }
  }

  static String label(String sql) {
    String s = sql.strip().toUpperCase(Locale.ROOT);
    if (s.contains("FOR UPDATE")) {
      return "SELECT state FOR UPDATE";
    }
    if (s.startsWith("WITH")) {
      return "WITH UPDATE state, INSERT tiles";
    }
    if (s.startsWith("INSERT") && s.contains("ON CONFLICT")) {
      return "INSERT tiles ON CONFLICT (batch)";
    }
    if (s.startsWith("INSERT")) {
      return "INSERT (batch)";
    }
    if (s.startsWith("UPDATE") && s.contains("SET CHECKPOINT")) {
      return "UPDATE state SET checkpoint";
    }
    if (s.startsWith("UPDATE")) {
      return "UPDATE state SET size, root";
    }
    if (s.startsWith("SELECT")) {
      return "SELECT";
    }
    return s.length() > 30 ? s.substring(0, 30) : s;
  }

  @Override
  public Connection getConnection() throws SQLException {
    long start = System.nanoTime();
    Connection connection = target.getConnection();
    record("getConnection", System.nanoTime() - start);
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              String name = method.getName();
              long t0 = System.nanoTime();
              Object result;
              try {
                result = method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              long elapsed = System.nanoTime() - t0;
              switch (name) {
                case "commit" -> record("COMMIT", elapsed);
                case "rollback" -> record("ROLLBACK", elapsed);
                case "close" -> record("Connection.close", elapsed);
                case "setAutoCommit" -> record("setAutoCommit", elapsed);
                case "prepareStatement" -> {
                  return timed((PreparedStatement) result, label((String) args[0]));
                }
                default -> {}
              }
              return result;
            });
  }

  private PreparedStatement timed(PreparedStatement statement, String label) {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) -> {
              String name = method.getName();
              if (name.equals("setBytes")) {
                bytea((byte[]) args[1]);
              }
              boolean execute = name.startsWith("execute");
              long t0 = execute ? System.nanoTime() : 0;
              try {
                return method.invoke(statement, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              } finally {
                if (execute) {
                  record(label, System.nanoTime() - t0);
                }
              }
            });
  }

  @Override
  public void close() throws SQLException {
    if (target instanceof SingleConnectionDataSource pooled) {
      pooled.close();
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("configured user only");
  }
}
