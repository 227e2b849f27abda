package dev.parkinglot.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.parkinglot.StoredTraceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Assertions that name every field that did not round-trip. Not public API. */
final class TckAssertions {
  private TckAssertions() {}

  /**
   * Asserts that {@code actual} holds exactly {@code expected}, field by field, so that a failure
   * lists each field the store lost (ids, flags byte, tracestate, baggage, times, metadata, the
   * consumed marker of a tombstone).
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
    compareMetadata(differences, got.metadata(), expected.metadata());
    compare(differences, "consumedAt (epoch ms; -1 = not a tombstone)", got.consumedAtMillis(),
        expected.consumedAtMillis());
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
    if (got instanceof String && expected instanceof String && !got.equals(expected)
        && (((String) got).length() > 300 || ((String) expected).length() > 300)) {
      differences.add(field + ": " + firstDifference((String) expected, (String) got));
    } else if (!Objects.equals(got, expected)) {
      differences.add(field + ": expected <" + shorten(expected) + "> but was <" + shorten(got) + ">");
    }
  }

  /**
   * Names each metadata entry the store dropped, changed or added, rather than printing both maps
   * cut at the same length, which hides the entry that differs.
   */
  private static void compareMetadata(List<String> differences, Map<String, String> got, Map<String, String> expected) {
    if (got.equals(expected)) {
      return;
    }
    List<String> parts = new ArrayList<>();
    expected.forEach((k, v) -> {
      if (!got.containsKey(k)) {
        parts.add("dropped <" + shorten(k) + "> = <" + shorten(v) + ">");
      } else if (!Objects.equals(got.get(k), v)) {
        parts.add("changed <" + shorten(k) + ">: " + firstDifference(v, got.get(k)));
      }
    });
    got.forEach((k, v) -> {
      if (!expected.containsKey(k)) {
        parts.add("added <" + shorten(k) + "> = <" + shorten(v) + ">");
      }
    });
    differences.add("metadata (" + expected.size() + " entries saved, " + got.size() + " returned): "
        + String.join("; ", parts));
  }

  /** Where two strings first differ, with a little context on both sides. */
  static String firstDifference(String expected, String got) {
    int i = 0;
    while (i < expected.length() && i < got.length() && expected.charAt(i) == got.charAt(i)) {
      i++;
    }
    int from = Math.max(0, i - 20);
    return "expected <" + escape(expected.substring(from, Math.min(expected.length(), i + 40))) + "> but was <"
        + escape(got.substring(from, Math.min(got.length(), i + 40))) + "> from char " + from + " (first"
        + " difference at char " + i + "; lengths " + expected.length() + " and " + got.length() + ")";
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0xFEFF) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }

  private static String shorten(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 300 ? text : text.substring(0, 280) + "... (" + text.length() + " chars)";
  }
}
