package dev.parkinglot.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The "three small fields" of the benchmarks and the memory harness: orderId, customerId, plan. */
final class SampleMetadata {
  private static final String[] PLANS = {"free", "pro", "team"};

  private SampleMetadata() {}

  /** The metadata a service would park with order {@code n}: {@code Map.of}, as callers write it. */
  static Map<String, String> threeFields(String orderKey, int n) {
    return Map.of("orderId", orderKey, "customerId", "cus-" + (n % 50_000), "plan", PLANS[n % PLANS.length]);
  }

  /** {@link #threeFields(String, int)} for each key, built once outside any measurement. */
  static List<Map<String, String>> threeFields(String[] orderKeys) {
    List<Map<String, String>> all = new ArrayList<>(orderKeys.length);
    for (int i = 0; i < orderKeys.length; i++) {
      all.add(threeFields(orderKeys[i], i));
    }
    return all;
  }
}
