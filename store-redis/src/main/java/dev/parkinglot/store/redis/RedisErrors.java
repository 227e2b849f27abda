package dev.parkinglot.store.redis;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.NoSuchElementException;
import javax.net.ssl.SSLException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Classifies Jedis failures. Package-private. */
final class RedisErrors {
  private static final int MAX_DEPTH = 8;

  private RedisErrors() {}

  /**
   * Whether a command failed because the server closed a connection that had worked (a restart,
   * an idle timeout, CLIENT KILL): a Jedis connection error with no sign of a refused or
   * unreachable connection, a timeout, an exhausted pool or a TLS failure anywhere in its causes.
   * Such a command is worth one retry on a fresh connection; the others would only fail again,
   * slower.
   */
  static boolean closedByServer(Throwable failure) {
    return failure instanceof JedisConnectionException && !hasHopelessCause(failure, 0);
  }

  private static boolean hasHopelessCause(Throwable failure, int depth) {
    if (depth > MAX_DEPTH) {
      return true;
    }
    if (failure instanceof ConnectException
        || failure instanceof NoRouteToHostException
        || failure instanceof SocketTimeoutException
        || failure instanceof UnknownHostException
        || failure instanceof NoSuchElementException
        || failure instanceof SSLException) {
      return true;
    }
    for (Throwable suppressed : failure.getSuppressed()) {
      if (hasHopelessCause(suppressed, depth + 1)) {
        return true;
      }
    }
    Throwable cause = failure.getCause();
    return cause != null && cause != failure && hasHopelessCause(cause, depth + 1);
  }

  /** Whether Redis answered WRONGTYPE: the key holds a list, hash or other non-string value. */
  static boolean isWrongType(Throwable failure) {
    String message = failure.getMessage();
    return message != null && message.startsWith("WRONGTYPE");
  }

  /** The failure's type and message, and its root cause's, for an exception message. */
  static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.getClass().getSimpleName());
    if (failure.getMessage() != null) {
      text.append(": ").append(failure.getMessage());
    }
    Throwable root = failure;
    for (int i = 0; i < MAX_DEPTH && root.getCause() != null && root.getCause() != root; i++) {
      root = root.getCause();
    }
    if (root != failure) {
      text.append(" (caused by ").append(root.getClass().getSimpleName());
      if (root.getMessage() != null) {
        text.append(": ").append(root.getMessage());
      }
      text.append(')');
    }
    return text.toString();
  }
}
