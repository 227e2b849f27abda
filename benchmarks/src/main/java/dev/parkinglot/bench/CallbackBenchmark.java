package dev.parkinglot.bench;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.StoredTraceContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/*
 * A webhook handler wrapped by traceCallback, called with an event whose key was parked: the
 * wrapper claims the entry, starts the SERVER span with the link on its builder, the lot's
 * attributes, the caller's attribute and the retrieved event, makes it current, runs the handler,
 * and ends the span, which the SDK's SimpleSpanProcessor turns into SpanData for the (dropping)
 * exporter. No span is current before the call: the wrapper's span is the request's span.
 *
 * Entries are put back as in RetrieveBenchmark: per batch, outside the measured part, straight
 * into the store. Each benchmark consumes one batch (a save over a key still held allocates
 * nothing in the memory store), so refillBaseline, which consumes one batch without the lot, gives
 * the refill's share of -prof gc's allocation per operation. The handler returns
 * whether it saw a parked context; a hit that saw none fails the run.
 */

/**
 * {@code traceCallback}: a hit (with and without metadata on the parked entry), a miss, and the
 * refill baseline.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CallbackBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CallbackBenchmark {
  static final int BATCH = 256;

  /** What the webhook delivers; it carries the key the payment was parked under. */
  public static final class PaymentEvent {
    final String orderKey;

    PaymentEvent(String orderKey) {
      this.orderKey = orderKey;
    }
  }

  @Param({BenchLot.MEMORY, BenchLot.CAFFEINE})
  public String store;

  private BenchLot bench;
  private Function<PaymentEvent, Boolean> handler;
  private PaymentEvent[] events;
  private PaymentEvent[] eventsWithMetadata;
  private PaymentEvent[] missingEvents;
  private String[] storeKeys;
  private StoredTraceContext[] contexts;
  private StoredTraceContext[] contextsWithMetadata;
  private String[] storeKeysWithMetadata;

  @Setup(Level.Trial)
  public void open() {
    bench = BenchLot.open(store);
    CallbackConfig<PaymentEvent> config =
        CallbackConfig.builder("payment.webhook", (PaymentEvent event) -> event.orderKey)
            .attributes(Attributes.of(AttributeKey.stringKey("webhook.provider"), "stripe"))
            .build();
    handler = bench.lot.traceCallback(config, CallbackBenchmark::handle);

    String[] keys = BenchLot.keys("order-", BATCH);
    String[] keysWithMetadata = BenchLot.keys("order-meta-", BATCH);
    events = events(keys);
    eventsWithMetadata = events(keysWithMetadata);
    missingEvents = events(BenchLot.keys("never-parked-", BATCH));
    storeKeys = storeKeys(keys);
    storeKeysWithMetadata = storeKeys(keysWithMetadata);
    contexts = bench.parkEach(keys, Map.of()).toArray(new StoredTraceContext[0]);
    List<Map<String, String>> metadata = SampleMetadata.threeFields(keysWithMetadata);
    contextsWithMetadata = new StoredTraceContext[BATCH];
    for (int i = 0; i < BATCH; i++) {
      contextsWithMetadata[i] =
          bench.parkEach(new String[] {keysWithMetadata[i]}, metadata.get(i)).get(0);
    }
  }

  /** Outside the measured part: the batch's contexts are back in the store. */
  @Setup(Level.Invocation)
  public void refillBatch() {
    for (int i = 0; i < BATCH; i++) {
      bench.store.save(StoreKey.of(storeKeys[i]), contexts[i]);
      bench.store.save(StoreKey.of(storeKeysWithMetadata[i]), contextsWithMetadata[i]);
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    bench.close();
  }

  /** The wrapped handler's call for a parked key, no metadata on the entry. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void hit(Blackhole blackhole) {
    for (PaymentEvent event : events) {
      Boolean found = handler.apply(event);
      blackhole.consume(ParkedCheck.found(found, found, event.orderKey));
    }
  }

  /** The wrapped handler's call for a parked key whose entry holds orderId, customerId and plan. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void hitWithMetadata(Blackhole blackhole) {
    for (PaymentEvent event : eventsWithMetadata) {
      Boolean found = handler.apply(event);
      blackhole.consume(ParkedCheck.found(found, found, event.orderKey));
    }
  }

  /** The wrapped handler's call for a key that was never parked: the span says context_found=false. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void miss(Blackhole blackhole) {
    for (PaymentEvent event : missingEvents) {
      Boolean found = handler.apply(event);
      if (found) {
        throw new IllegalStateException("benchmark expected a miss under '" + event.orderKey + "'");
      }
      blackhole.consume(found);
    }
  }

  /**
   * Not the library: the refill's own cost when one batch was consumed, as after {@link #hit}; the
   * batch is removed from the store directly.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void refillBaseline() {
    for (String storeKey : storeKeys) {
      bench.store.delete(StoreKey.of(storeKey));
    }
  }

  private static Boolean handle(CallbackContext context, PaymentEvent event) {
    return context.parkedContext().isPresent();
  }

  private static PaymentEvent[] events(String[] keys) {
    PaymentEvent[] events = new PaymentEvent[keys.length];
    for (int i = 0; i < keys.length; i++) {
      events[i] = new PaymentEvent(keys[i]);
    }
    return events;
  }

  private static String[] storeKeys(String[] keys) {
    String[] storeKeys = new String[keys.length];
    for (int i = 0; i < keys.length; i++) {
      storeKeys[i] = BenchLot.storeKey(keys[i]);
    }
    return storeKeys;
  }
}
