package dev.parkinglot.tck;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/*
 * Why rewrite the failure rather than format every assertion with the rule id: the id and clause
 * then lead every message, including ones the rule bodies never wrote (an exception the store threw,
 * an AssertJ message), and a new rule gets them without remembering to. The original failure stays
 * as the cause and its stack trace is kept, so the trace still points into the rule's body. Skips
 * (TestAbortedException, MissingBackendException) pass through unchanged.
 */

/** Starts every failure message of a rule with the rule's name and contract clause. Not public API. */
final class TckFailureMessages implements TestExecutionExceptionHandler {
  TckFailureMessages() {}

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
    String rule = context.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
    throw rewrite(rule, thrown);
  }

  /** {@code thrown} with its message prefixed by {@code rule}'s name and clause; skips unchanged. */
  static Throwable rewrite(String rule, Throwable thrown) {
    if (thrown instanceof TestAbortedException || rule.isEmpty()) {
      return thrown;
    }
    String prefix = TckClauses.prefix(rule);
    String message = String.valueOf(thrown.getMessage());
    if (message.startsWith(rule)) {
      return thrown;
    }
    Throwable rewritten;
    if (thrown instanceof AssertionFailedError) {
      AssertionFailedError failed = (AssertionFailedError) thrown;
      rewritten = new AssertionFailedError(prefix + message.strip(),
          failed.isExpectedDefined() ? failed.getExpected().getValue() : null,
          failed.isActualDefined() ? failed.getActual().getValue() : null, thrown);
    } else if (thrown instanceof AssertionError) {
      rewritten = new AssertionError(prefix + message.strip(), thrown);
    } else {
      rewritten = new AssertionError(prefix + "the store threw " + thrown, thrown);
    }
    rewritten.setStackTrace(thrown.getStackTrace());
    return rewritten;
  }
}
