package dev.parkinglot.examples;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.io.PrintStream;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/*
 * A summary a person reads at a glance, not an exporter: the common attributes (store, callback)
 * once in the heading, then per instrument only what varies (the outcome, the operation). An OTLP
 * backend gets every point with every attribute.
 */

/** Prints the parking lot's metrics ({@code parking_lot.*}) from collected metric data. */
final class MetricsPrinter {
  static final String SCOPE = "dev.parkinglot";
  private static final AttributeKey<String> STORE = AttributeKey.stringKey("parking_lot.store");
  private static final AttributeKey<String> CALLBACK = AttributeKey.stringKey("parking_lot.callback.name");
  private static final AttributeKey<String> PARK_OUTCOME = AttributeKey.stringKey("parking_lot.park.outcome");
  private static final AttributeKey<String> CLAIM_OUTCOME = AttributeKey.stringKey("parking_lot.claim.outcome");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("parking_lot.store.operation");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** The order a reader wants: what happened, then how long things took. */
  private static final List<String> ORDER = List.of("parking_lot.parks", "parking_lot.claims",
      "parking_lot.wait.duration", "parking_lot.store.operation.duration");

  private final PrintStream out;

  MetricsPrinter(PrintStream out) {
    this.out = out;
  }

  void print(Collection<MetricData> metrics) {
    List<MetricData> ours = metrics.stream()
        .filter(m -> m.getInstrumentationScopeInfo().getName().equals(SCOPE))
        .sorted(Comparator.comparing((MetricData m) -> ORDER.contains(m.getName())
                ? ORDER.indexOf(m.getName()) : ORDER.size())
            .thenComparing(MetricData::getName))
        .collect(Collectors.toList());
    TreeSet<String> stores = new TreeSet<>();
    TreeSet<String> callbacks = new TreeSet<>();
    for (MetricData metric : ours) {
      metric.getData().getPoints().forEach(point -> {
        addIfPresent(stores, point.getAttributes(), STORE);
        addIfPresent(callbacks, point.getAttributes(), CALLBACK);
      });
    }
    String callbackNames = callbacks.isEmpty()
        ? "none"
        : callbacks.stream().map(c -> "'" + c + "'").collect(Collectors.joining(", "));
    out.printf(Locale.ROOT, "%nMetrics  (scope %s; store %s; callback %s)%n",
        SCOPE, String.join(", ", stores), callbackNames);
    if (ours.isEmpty()) {
      out.println("  none recorded");
    }
    for (MetricData metric : ours) {
      String heading = metric.getName() + " (" + metric.getUnit() + ")";
      out.printf(Locale.ROOT, "  %-42s %s%n", heading, summary(metric));
    }
  }

  private static void addIfPresent(TreeSet<String> values, Attributes attributes, AttributeKey<String> key) {
    String value = attributes.get(key);
    if (value != null) {
      values.add(value);
    }
  }

  private static String summary(MetricData metric) {
    if (metric.getType() == MetricDataType.LONG_SUM) {
      Map<String, Long> byOutcome = new TreeMap<>();
      for (LongPointData point : metric.getLongSumData().getPoints()) {
        String outcome = point.getAttributes().get(PARK_OUTCOME);
        if (outcome == null) {
          outcome = point.getAttributes().get(CLAIM_OUTCOME);
        }
        byOutcome.merge(outcome == null ? "total" : outcome, point.getValue(), Long::sum);
      }
      return byOutcome.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("  "));
    }
    if (metric.getType() == MetricDataType.HISTOGRAM) {
      Map<String, double[]> byOperation = new TreeMap<>();
      for (HistogramPointData point : metric.getHistogramData().getPoints()) {
        String operation = point.getAttributes().get(OPERATION);
        String error = point.getAttributes().get(ERROR_TYPE);
        String label = operation == null ? "" : operation + (error == null ? "" : " (" + error + ")");
        double[] countAndSum = byOperation.computeIfAbsent(label, ignored -> new double[2]);
        countAndSum[0] += point.getCount();
        countAndSum[1] += point.getSum();
      }
      return byOperation.entrySet().stream().map(e -> histogram(e.getKey(), e.getValue()))
          .collect(Collectors.joining("  "));
    }
    return metric.getType().toString();
  }

  private static String histogram(String label, double[] countAndSum) {
    long count = (long) countAndSum[0];
    if (label.isEmpty()) {
      return String.format(Locale.ROOT, "count=%d  sum=%.3f s", count, countAndSum[1]);
    }
    return String.format(Locale.ROOT, "%s=%d (%.2f ms)", label, count, countAndSum[1] * 1000);
  }
}
