package dev.parkinglot.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.parkinglot.StoredTraceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Assertions that name every field that did not round-trip. Not public API. */
final class TckAssertions {
  private TckAssertions() {}

  /**
   * Asserts that {@code actual} holds exactly {@code expected}, field by field, so that a failure
   * lists each field the store lost (ids, flags byte, tracestate, baggage, times, metadata).
   */
  static void assertEntry(String what, Optional<StoredTraceContext> actual, StoredTraceContext expected) {
    assertThat(actual).as("%s: expected an entry, the store returned none", what).isPresent();
    StoredTraceContext got = actual.get();
    List<String> differences = new ArrayList<>();
    compare(differences, "traceId", got.traceId(), expected.traceId());
    compare(differences, "spanId", got.spanId(), expected.spanId());
    compare(differences, "traceFlags (the whole byte)", got.traceFlags().asHex(), expected.traceFlags().asHex());
    compare(differences, "traceState", got.traceState(), expected.traceState());
    compare(differences, "baggage", got.baggage(), expected.baggage());
    compare(differences, "parkedAt (epoch ms)", got.parkedAtMillis(), expected.parkedAtMillis());
    compare(differences, "ttl (ms)", got.ttlMillis(), expected.ttlMillis());
    compare(differences, "metadata", got.metadata(), expected.metadata());
    if (!differences.isEmpty()) {
      fail("%s: the store returned a different entry:%n  %s", what, String.join("\n  ", differences));
    }
    assertThat(got).as("%s: whole entry", what).isEqualTo(expected);
  }

  /** Asserts that a read found nothing. */
  static void assertNoEntry(String what, Optional<StoredTraceContext> actual) {
    assertThat(actual).as("%s: expected no entry", what).isEmpty();
  }

  private static void compare(List<String> differences, String field, Object got, Object expected) {
    if (!Objects.equals(got, expected)) {
      differences.add(field + ": expected <" + shorten(expected) + "> but was <" + shorten(got) + ">");
    }
  }

  private static String shorten(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 300 ? text : text.substring(0, 280) + "... (" + text.length() + " chars)";
  }
}
