package dev.parkinglot.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkResult;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.StoreUnavailableException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fail-open logging during an outage: the first failure of each cause at WARNING with its stack
 * trace, then at most one summary line per cause and interval (count and the latest failure),
 * while the metrics count every failure. A real lot on a store whose backend is down, and the
 * java.util.logging records the lot's System.Logger writes.
 */
class FailureLogTest extends LotTestBase {
  private static final AttributeKey<String> STORE = AttributeKey.stringKey("parking_lot.store");
  private static final AttributeKey<String> PARK_OUTCOME = AttributeKey.stringKey("parking_lot.park.outcome");
  private static final AttributeKey<String> CALLBACK = AttributeKey.stringKey("parking_lot.callback.name");
  private static final AttributeKey<String> CLAIM_OUTCOME = AttributeKey.stringKey("parking_lot.claim.outcome");

  private final Logger julLogger = Logger.getLogger(ParkingLot.class.getName());
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };
  /** What the store's backend fails with now. */
  private final AtomicReference<Supplier<RuntimeException>> outage = new AtomicReference<>(FailureLogTest::timeout);

  @BeforeEach
  void captureLog() {
    julLogger.addHandler(capture);
  }

  @AfterEach
  void stopCapture() {
    julLogger.removeHandler(capture);
  }

  private static RuntimeException timeout() {
    return new StoreUnavailableException("redis store: GET failed, cannot reach Redis",
        new IllegalStateException("JedisConnectionException", new SocketTimeoutException("Read timed out")));
  }

  private static RuntimeException refused() {
    return new StoreUnavailableException("redis store: GET failed, cannot reach Redis",
        new IllegalStateException("JedisConnectionException", new ConnectException("Connection refused")));
  }

  @Test
  void anOutageLogsItsFirstFailureInFullThenOneSummaryPerIntervalAndTheMetricsCountEveryFailure() {
    ParkingLot lot = builder().store(new FailingStore(() -> outage.get().get())).build();
    Function<String, String> webhook = lot.traceCallback(
        CallbackConfig.builder("payment.webhook", (String id) -> "payment:" + id).build(), (ctx, id) -> "ok");

    for (int i = 0; i < 500; i++) {
      assertThat(parkInSpan(lot, "checkout", "payment:order-" + i, Map.of()).status())
          .isEqualTo(ParkResult.Status.FAILED);
      assertThat(webhook.apply("order-" + i)).isEqualTo("ok");
      clock.advance(Duration.ofMillis(100));   // 50 s of outage, within one interval
    }

    List<LogRecord> warnings = warnings();
    assertThat(warnings).as("one WARNING for 1,000 failures of one cause").hasSize(1);
    LogRecord first = warnings.get(0);
    assertThat(first.getThrown()).as("the first failure comes with its stack trace")
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(first.getMessage()).contains("park for key 'payment:order-0' failed in the store")
        .contains("summarised at most once every 60 s");

    // The interval has passed: the next failure of the cause logs one summary, without a stack trace.
    clock.advance(Duration.ofSeconds(11));
    webhook.apply("order-last");
    warnings = warnings();
    assertThat(warnings).hasSize(2);
    LogRecord summary = warnings.get(1);
    assertThat(summary.getThrown()).isNull();
    assertThat(summary.getMessage())
        .startsWith("parking lot: 1000 more store failures (" + StoreUnavailableException.class.getName()
            + " caused by java.net.SocketTimeoutException) in the last 61 s, the latest: callback"
            + " 'payment.webhook': looking up key 'payment:order-last' failed");

    // Another cause (the server now refuses connections) is logged in full at once.
    outage.set(FailureLogTest::refused);
    webhook.apply("order-refused");
    webhook.apply("order-refused-again");
    warnings = warnings();
    assertThat(warnings).hasSize(3);
    assertThat(warnings.get(2).getThrown()).hasRootCauseInstanceOf(ConnectException.class);

    // Every failure is counted.
    assertThat(telemetry.counts("parking_lot.parks"))
        .isEqualTo(Map.of(Attributes.of(STORE, "failingstore", PARK_OUTCOME, "failed"), 500L));
    assertThat(telemetry.counts("parking_lot.claims")).isEqualTo(Map.of(
        Attributes.of(STORE, "failingstore", CALLBACK, "payment.webhook", CLAIM_OUTCOME, "store_error"), 503L));
  }

  @Test
  void eachFailingPartHasItsOwnCause() {
    ParkingLot lot = builder().store(new FailingStore(() -> outage.get().get())).build();
    Function<String, String> broken = lot.traceCallback(
        CallbackConfig.builder("payment.webhook", (String id) -> {
          throw new IllegalArgumentException("no order id in the event");
        }).build(), (ctx, id) -> "ok");

    for (int i = 0; i < 10; i++) {
      broken.apply("event-" + i);
      lot.exists("payment:order-" + i);
    }

    assertThat(warnings().stream().map(LogRecord::getThrown).map(Object::getClass).collect(Collectors.toList()))
        .containsExactly(IllegalArgumentException.class, StoreUnavailableException.class);
  }

  private List<LogRecord> warnings() {
    return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .collect(Collectors.toList());
  }
}
