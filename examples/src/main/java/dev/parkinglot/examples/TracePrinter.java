package dev.parkinglot.examples;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/*
 * ASCII only: the demo runs in CI logs and terminals with any encoding. Only the attributes that
 * tell the story (parking_lot.*, the order and payment ids, the HTTP status) are printed; an OTLP
 * backend shows the rest.
 */

/** Prints spans as one small tree per trace, then the links between the traces. */
final class TracePrinter {
  private static final int WIDTH = 100;
  private static final AttributeKey<String> CORRELATION_KEY =
      AttributeKey.stringKey("parking_lot.correlation_key");
  private static final AttributeKey<Boolean> DUPLICATE = AttributeKey.booleanKey("parking_lot.duplicate");
  private static final Set<String> SHOWN =
      Set.of("shop.order_id", "shop.payment_id", "http.response.status_code");

  private final PrintStream out;

  TracePrinter(PrintStream out) {
    this.out = out;
  }

  void print(List<SpanData> spans) {
    Map<String, List<SpanData>> traces = spans.stream()
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
        .collect(Collectors.groupingBy(SpanData::getTraceId, LinkedHashMap::new, Collectors.toList()));
    Map<String, Integer> traceNumbers = new LinkedHashMap<>();
    traces.keySet().forEach(id -> traceNumbers.put(id, traceNumbers.size() + 1));
    Map<String, SpanData> bySpanId = spans.stream()
        .collect(Collectors.toMap(SpanData::getSpanId, s -> s, (a, b) -> a));

    traces.forEach((traceId, members) -> {
      out.printf(Locale.ROOT, "%nTrace %d  %s%n", traceNumbers.get(traceId), traceId);
      for (SpanData root : roots(members, bySpanId)) {
        printTree(root, members, "  ", "", traceNumbers, bySpanId);
      }
    });

    List<SpanData> linking = spans.stream().filter(s -> !s.getLinks().isEmpty()).collect(Collectors.toList());
    out.printf(Locale.ROOT, "%nLinks between the traces%n");
    if (linking.isEmpty()) {
      out.println("  none");
    }
    for (SpanData span : linking) {
      for (LinkData link : span.getLinks()) {
        SpanData target = bySpanId.get(link.getSpanContext().getSpanId());
        out.printf(Locale.ROOT, "  %s (trace %d, span %s)%n",
            span.getName(), traceNumbers.get(span.getTraceId()), span.getSpanId());
        out.printf(Locale.ROOT, "    --link--> %s (trace %s, span %s)%n",
            target == null ? "a span of another service" : target.getName() + ", trace "
                + traceNumbers.get(target.getTraceId()),
            link.getSpanContext().getTraceId(), link.getSpanContext().getSpanId());
        Long elapsed = span.getAttributes().get(AttributeKey.longKey("parking_lot.elapsed_ms"));
        if (Boolean.TRUE.equals(span.getAttributes().get(DUPLICATE))) {
          out.printf(Locale.ROOT,
              "    a redelivery (parking_lot.duplicate=true): the first delivery consumed the context%n");
        } else if (elapsed != null) {
          out.printf(Locale.ROOT,
              "    waited %d ms between park and webhook (parking_lot.elapsed_ms)%n", elapsed);
        }
      }
    }
  }

  private static List<SpanData> roots(List<SpanData> members, Map<String, SpanData> bySpanId) {
    return members.stream()
        .filter(s -> !SpanId.isValid(s.getParentSpanId()) || !bySpanId.containsKey(s.getParentSpanId()))
        .collect(Collectors.toList());
  }

  private void printTree(SpanData span, List<SpanData> members, String indent, String connector,
      Map<String, Integer> traceNumbers, Map<String, SpanData> bySpanId) {
    out.printf(Locale.ROOT, "%s%s%s  [%s]  %s  span %s%n", indent, connector, span.getName(), span.getKind(),
        duration(span), span.getSpanId());
    String detail = indent + (connector.isEmpty() ? "" : "    ") + "    ";
    List<String> attributes = format(span.getAttributes(), true);
    if (!attributes.isEmpty()) {
      printWrapped(detail, "", attributes);
    }
    for (EventData event : span.getEvents()) {
      printWrapped(detail, "event " + event.getName(), format(event.getAttributes(), false));
    }
    for (LinkData link : span.getLinks()) {
      SpanData target = bySpanId.get(link.getSpanContext().getSpanId());
      String to = target == null ? "span " + link.getSpanContext().getSpanId()
          : "'" + target.getName() + "' in trace " + traceNumbers.get(target.getTraceId());
      printWrapped(detail, "link -> " + to, format(link.getAttributes(), false));
    }
    if (span.getLinks().isEmpty() && span.getAttributes().get(CORRELATION_KEY) != null) {
      out.printf(Locale.ROOT, "%sno link: nothing was parked under this key%n", detail);
    }
    List<SpanData> children = members.stream()
        .filter(c -> c.getParentSpanId().equals(span.getSpanId()))
        .collect(Collectors.toList());
    String childIndent = indent + (connector.isEmpty() ? "" : "    ");
    for (SpanData child : children) {
      printTree(child, members, childIndent, "`-- ", traceNumbers, bySpanId);
    }
  }

  /** The attributes worth reading, as sorted {@code key=value} strings. */
  private static List<String> format(Attributes attributes, boolean onlyShown) {
    List<String> parts = new ArrayList<>();
    attributes.forEach((key, value) -> {
      if (!onlyShown || key.getKey().startsWith("parking_lot.") || SHOWN.contains(key.getKey())) {
        parts.add(key.getKey() + "=" + value);
      }
    });
    parts.sort(Comparator.naturalOrder());
    return parts;
  }

  /** {@code head} then the parts, two spaces apart, wrapped before {@value #WIDTH} chars. */
  private void printWrapped(String indent, String head, List<String> parts) {
    StringBuilder line = new StringBuilder(indent).append(head);
    String continuation = indent + (head.isEmpty() ? "" : "  ");
    boolean lineHasContent = !head.isEmpty();
    for (String part : parts) {
      if (lineHasContent && line.length() + 2 + part.length() > WIDTH) {
        out.println(line);
        line = new StringBuilder(continuation);
        lineHasContent = false;
      }
      if (lineHasContent) {
        line.append("  ");
      }
      line.append(part);
      lineHasContent = true;
    }
    out.println(line);
  }

  private static String duration(SpanData span) {
    double millis = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000.0;
    return String.format(Locale.ROOT, "%.1f ms", millis);
  }
}
