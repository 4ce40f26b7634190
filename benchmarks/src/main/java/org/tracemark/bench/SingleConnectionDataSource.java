package org.tracemark.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import javax.sql.DataSource;

/**
 * A "pool" of one connection for one thread: {@link #getConnection()} hands out the same physical
 * connection each time (reopened if it broke), and closing what it handed out keeps it open. This
 * is what the sequencer sees through the application's connection pool (Agroal) without pulling a
 * pool library into the benchmarks, and it keeps the driver's per-connection prepared statements.
 *
 * <p>Not thread-safe: give each thread its own.
 */
final class SingleConnectionDataSource extends ForwardingDataSource implements AutoCloseable {

  private Connection physical;

  SingleConnectionDataSource(DataSource target) {
    super(target);
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (physical == null || physical.isClosed()) {
      physical = target.getConnection();
    }
    Connection connection = physical;
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                // Back to the "pool": leave it as a pool would, outside any transaction.
                if (!connection.isClosed() && !connection.getAutoCommit()) {
                  connection.rollback();
                  connection.setAutoCommit(true);
                }
                return null;
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("one connection, one user");
  }

  @Override
  public void close() throws SQLException {
    if (physical != null) {
      physical.close();
      physical = null;
    }
  }
}
