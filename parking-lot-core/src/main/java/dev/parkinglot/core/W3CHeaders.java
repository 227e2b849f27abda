package dev.parkinglot.core;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.baggage.BaggageEntry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * Tracestate and baggage travel as their W3C header values, produced and parsed by the W3C
 * propagators themselves, so that encoding, percent-escaping and the propagators' own limits are
 * exactly what any other W3C service would see. The carrier holds one header: the one asked for.
 * Package-private: not public API.
 */
final class W3CHeaders {
  static final String TRACESTATE = "tracestate";
  static final String BAGGAGE = "baggage";

  private W3CHeaders() {}

  /** The {@code tracestate} header for {@code spanContext}; empty when it has none. */
  static String traceState(SpanContext spanContext) {
    if (spanContext.getTraceState().isEmpty()) {
      return "";
    }
    Carrier carrier = new Carrier(TRACESTATE);
    W3CTraceContextPropagator.getInstance()
        .inject(Context.root().with(Span.wrap(spanContext)), carrier, CarrierAccess.INSTANCE);
    return carrier.value == null ? "" : carrier.value;
  }

  /** The {@code baggage} header for {@code baggage}; empty when it has no entries. */
  static String baggage(Baggage baggage) {
    if (baggage.isEmpty()) {
      return "";
    }
    Carrier carrier = new Carrier(BAGGAGE);
    W3CBaggagePropagator.getInstance().inject(Context.root().with(baggage), carrier, CarrierAccess.INSTANCE);
    return carrier.value == null ? "" : carrier.value;
  }

  /**
   * Whether {@code baggage} is too long for one W3C header: the propagator left entries out of
   * {@code header} and the entries' keys and values alone exceed {@code maxLength}. (The propagator
   * silently stops at the W3C limit of 8192 bytes; entries it cannot encode are left out too, but
   * those are not a length problem.)
   */
  static boolean tooLong(Baggage baggage, String header, int maxLength) {
    if (header.length() > maxLength) {
      return true;
    }
    int written = header.isEmpty() ? 0 : 1;
    for (int i = 0; i < header.length(); i++) {
      if (header.charAt(i) == ',') {
        written++;
      }
    }
    if (written >= baggage.size()) {
      return false;
    }
    long length = -1;
    for (Map.Entry<String, BaggageEntry> entry : baggage.asMap().entrySet()) {
      length += entry.getKey().length() + 1 + entry.getValue().getValue().length() + 1;
    }
    return length > maxLength;
  }

  /**
   * The parked baggage header merged under {@code current}: entries of {@code current} win over
   * parked entries with the same key.
   */
  static Baggage restore(String parkedHeader, Baggage current) {
    Carrier carrier = new Carrier(BAGGAGE);
    carrier.value = parkedHeader;
    Baggage parked = Baggage.fromContext(
        W3CBaggagePropagator.getInstance().extract(Context.root(), carrier, CarrierAccess.INSTANCE));
    if (current.isEmpty()) {
      return parked;
    }
    if (parked.isEmpty()) {
      return current;
    }
    BaggageBuilder merged = parked.toBuilder();
    for (Map.Entry<String, BaggageEntry> entry : current.asMap().entrySet()) {
      merged.put(entry.getKey(), entry.getValue().getValue(), entry.getValue().getMetadata());
    }
    return merged.build();
  }

  /** A carrier for one header. */
  private static final class Carrier {
    final String name;
    @Nullable String value;

    Carrier(String name) {
      this.name = name;
    }
  }

  private enum CarrierAccess implements TextMapSetter<Carrier>, TextMapGetter<Carrier> {
    INSTANCE;

    @Override
    public void set(@Nullable Carrier carrier, String key, String value) {
      if (carrier != null && carrier.name.equals(key)) {
        carrier.value = value;
      }
    }

    @Override
    public Iterable<String> keys(Carrier carrier) {
      return List.of(carrier.name);
    }

    @Override
    public @Nullable String get(@Nullable Carrier carrier, String key) {
      return carrier != null && carrier.name.equals(key) ? carrier.value : null;
    }
  }
}
