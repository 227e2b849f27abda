package dev.parkinglot.tck;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which numbered clause of the store contract each rule checks: {@code S1}–{@code S15} of {@link
 * dev.parkinglot.spi.TraceContextStore}'s Javadoc, {@code P1}–{@code P6} of {@link
 * dev.parkinglot.spi.TraceContextStoreProvider}'s. A failing rule's message starts with its id and
 * clause, such as {@code required_rt10_awkwardMetadataRoundTrips (contract S7): …}.
 */
public final class TckClauses {
  private static final Pattern RULE = Pattern.compile("(?:required|optional|stochastic)_([a-z]+\\d\\d)_\\w+");
  private static final Map<String, String> BY_ID = new LinkedHashMap<>();

  static {
    for (String id : new String[] {"rt05", "rt06", "rt09", "op09", "op10", "op11", "key02", "key03", "key04"}) {
      BY_ID.put(id, "S1");
    }
    for (String id : new String[] {"op03", "ttl06", "con04"}) {
      BY_ID.put(id, "S2");
    }
    for (String id : new String[] {"ttl01", "ttl02", "ttl03", "ttl04", "ttl05", "ttl07", "ttl08"}) {
      BY_ID.put(id, "S3");
    }
    for (String id : new String[] {"ttl09", "ttl10"}) {
      BY_ID.put(id, "S4");
    }
    for (String id : new String[] {"op01", "op02", "op04", "op05", "op07", "op08"}) {
      BY_ID.put(id, "S5");
    }
    for (String id : new String[] {"op06", "con01", "con02"}) {
      BY_ID.put(id, "S6");
    }
    for (String id : new String[] {"rt01", "rt02", "rt03", "rt04", "rt07", "rt08", "rt10", "rt11"}) {
      BY_ID.put(id, "S7");
    }
    for (String id : new String[] {"dup01", "dup02", "dup03", "dup04", "dup05"}) {
      BY_ID.put(id, "S8");
    }
    BY_ID.put("dup06", "S9");
    BY_ID.put("key01", "S10");
    BY_ID.put("dup07", "S10");
    BY_ID.put("err01", "S11");
    BY_ID.put("err02", "S11");
    BY_ID.put("err03", "S11");
    BY_ID.put("con03", "S12");
    BY_ID.put("life01", "S13");
    BY_ID.put("shr01", "S14");
    BY_ID.put("prov01", "P1");
    BY_ID.put("prov02", "P2");
    BY_ID.put("prov03", "P3");
    BY_ID.put("prov04", "P4");
    BY_ID.put("prov05", "P5");
  }

  private TckClauses() {}

  /**
   * The clause a rule checks.
   *
   * @param rule the rule's method name, such as {@code required_ttl03_expiredEntryIsNeverLoaded}
   * @return its clause, such as {@code S3}, or an empty string for a name that is not a rule's
   */
  public static String of(String rule) {
    Matcher matcher = RULE.matcher(rule);
    return matcher.matches() ? BY_ID.getOrDefault(matcher.group(1), "") : "";
  }

  /**
   * Every rule id (group and number, such as {@code ttl03}) with its clause.
   *
   * @return the ids and clauses, unmodifiable
   */
  public static Map<String, String> byRuleId() {
    return Collections.unmodifiableMap(BY_ID);
  }

  /** The start of a failure message of {@code rule}: its name and clause. */
  static String prefix(String rule) {
    String clause = of(rule);
    return rule + (clause.isEmpty() ? "" : " (contract " + clause + ")") + ": ";
  }
}
