package dev.parkinglot.core;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/*
 * Why a rate limit. Fail-open means a store outage turns every park and every webhook into a
 * logged failure: a review measured 9,755 WARNINGs with stack traces in a 7 s Redis outage. The
 * operator needs the first one in full (the stack trace says what broke) and then to know that it
 * goes on, how often, and what the latest looked like; not ten thousand copies of one trace.
 *
 * So failures are grouped by cause: what failed (a store operation, a correlation key, a ticket, a
 * miss listener), the exception's class and its root cause's class (a Redis read timeout and a
 * refused connection are two causes). The first failure of a cause is logged at WARNING with its
 * stack trace. Later ones are counted; the first one after the interval has passed logs one
 * WARNING line, without a stack trace, with the count since the last line and the latest failure's
 * message, and starts a new interval. In between, each failure is logged at DEBUG (message only),
 * for whoever turns that on. Nothing runs in the background: a cause that stops failing says
 * nothing more, so the last summary may leave some failures uncounted in the log; the metrics
 * (parking_lot.parks, parking_lot.claims, parking_lot.store.operation.duration with error.type)
 * count every one. Time is the lot's clock.
 *
 * The causes kept are bounded (MAX_CAUSES); beyond that, failures share one "other" cause.
 */

/** The lot's log of fail-open failures: the first of each cause in full, then a summary per interval. Package-private. */
final class FailureLog {
  /** At most one summary line per cause per minute. */
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
  private static final int MAX_CAUSES = 64;

  private final Clock clock;
  private final long intervalMillis;
  private final Map<String, Cause> causes = new ConcurrentHashMap<>();

  FailureLog(Clock clock) {
    this(clock, DEFAULT_INTERVAL);
  }

  FailureLog(Clock clock, Duration interval) {
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /**
   * Logs a failure the lot continues without.
   *
   * @param what what failed, the first part of the cause: {@code store}, {@code correlation key}, …
   * @param message what happened, for this one failure (may name the key)
   * @param failure the exception
   */
  void failed(String what, String message, Throwable failure) {
    Cause cause = cause(what, failure);
    long now = clock.millis();
    long suppressed;
    long since;
    synchronized (cause) {
      if (!cause.logged) {
        cause.logged = true;
        cause.intervalStart = now;
        suppressed = -1;
        since = 0;
      } else {
        cause.count++;
        if (now - cause.intervalStart < intervalMillis) {
          suppressed = 0;
          since = 0;
        } else {
          suppressed = cause.count;
          since = now - cause.intervalStart;
          cause.count = 0;
          cause.intervalStart = now;
        }
      }
    }
    if (suppressed < 0) {
      DefaultParkingLot.LOGGER.log(Level.WARNING, message + " (further " + what + " failures like this one are"
          + " summarised at most once every " + Duration.ofMillis(intervalMillis).toSeconds() + " s)", failure);
    } else if (suppressed > 0) {
      DefaultParkingLot.LOGGER.log(Level.WARNING, "parking lot: " + suppressed + " more " + what + " failures ("
          + cause.name + ") in the last " + (since / 1000) + " s, the latest: " + message + ": " + failure);
    } else if (DefaultParkingLot.LOGGER.isLoggable(Level.DEBUG)) {
      DefaultParkingLot.LOGGER.log(Level.DEBUG, message + ": " + failure);
    }
  }

  private Cause cause(String what, Throwable failure) {
    Throwable root = failure;
    for (int i = 0; i < 16 && root.getCause() != null && root.getCause() != root; i++) {
      root = root.getCause();
    }
    String name = root == failure
        ? failure.getClass().getName()
        : failure.getClass().getName() + " caused by " + root.getClass().getName();
    String key = what + '\n' + name;
    Cause cause = causes.get(key);
    if (cause != null) {
      return cause;
    }
    if (causes.size() >= MAX_CAUSES) {
      return causes.computeIfAbsent(what + "\nother", k -> new Cause("other causes"));
    }
    return causes.computeIfAbsent(key, k -> new Cause(name));
  }

  /** One cause: whether its first failure was logged, and the failures since the last line. */
  private static final class Cause {
    final String name;
    boolean logged;
    long count;
    long intervalStart;

    Cause(String name) {
      this.name = name;
    }
  }
}
