package dev.parkinglot.core;

import java.time.Duration;
import static dev.parkinglot.core.ParkingLotAttributes.CORRELATION_KEY;
import static dev.parkinglot.core.ParkingLotAttributes.STORE_ERROR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkedLink;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.RetrievalMode;
import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LotOperationsTest extends LotTestBase {

  @Test
  void retrieveClaimsOncePeekAndExistsLeaveTheEntryDeleteRemovesIt() {
    ParkingLot lot = builder().duplicateDetection(java.time.Duration.ZERO).build();
    StoredTraceContext parked = parkInSpan(lot, "checkout", "k", Map.of()).stored().orElseThrow();

    assertThat(lot.exists("k")).isTrue();
    assertThat(lot.peek("k")).contains(parked);
    assertThat(lot.retrieve("k")).contains(parked);
    assertThat(lot.retrieve("k")).isEmpty();
    assertThat(lot.exists("k")).isFalse();
    assertThat(misses).containsExactly("k=NOT_FOUND");

    parkInSpan(lot, "again", "k", Map.of());
    lot.delete("k");
    assertThat(lot.peek("k")).isEmpty();
    assertThat(store.size()).isZero();
  }

  @Test
  void retrieveInKeepUntilExpiryLeavesTheEntryUntilItsTtlRunsOut() {
    ParkingLot lot = builder().retrievalMode(RetrievalMode.KEEP_UNTIL_EXPIRY).build();
    StoredTraceContext parked = parkInSpan(lot, "checkout", "k", Map.of()).stored().orElseThrow();

    assertThat(lot.retrieve("k")).contains(parked);
    assertThat(lot.retrieve("k")).contains(parked);
    clock.advance(Duration.ofMillis(86_400_000L));
    assertThat(lot.retrieve("k")).isEmpty();
    assertThat(misses).containsExactly("k=NOT_FOUND");
  }

  @Test
  void storeErrorsFailOpenOnEveryOperationAndReachTheMissListener() {
    StoreUnavailableException down = new StoreUnavailableException("down", null);
    ParkingLot lot = builder().store(new FailingStore(() -> down)).build();

    Span span = telemetry.tracer.spanBuilder("caller").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      assertThat(lot.retrieve("k")).isEmpty();
      assertThat(lot.peek("k")).isEmpty();
      assertThat(lot.exists("k")).isFalse();
      lot.delete("k");
    } finally {
      span.end();
    }

    assertThat(misses).containsExactly("k=STORE_ERROR");
    SpanData caller = telemetry.span("caller");
    assertThat(TestTelemetry.norm(caller.getAttributes())).isEqualTo(Attributes.of(STORE_ERROR, true));
    assertThat(caller.getEvents()).hasSize(4).allSatisfy(event -> {
      assertThat(event.getName()).isEqualTo("exception");
      assertThat(TestTelemetry.withoutStackTrace(event)).isEqualTo(Attributes.builder()
          .put(TestTelemetry.EXCEPTION_TYPE, StoreUnavailableException.class.getName())
          .put(TestTelemetry.EXCEPTION_MESSAGE, "down")
          .put(CORRELATION_KEY, "k")
          .build());
    });
  }

  @Test
  void aFailOpenStoreErrorIsLoggedAsAWarningWithTheException() {
    StoreUnavailableException down = new StoreUnavailableException("down", null);
    ParkingLot lot = builder().store(new FailingStore(() -> down)).build();
    java.util.logging.Logger julLogger = java.util.logging.Logger.getLogger("dev.parkinglot.ParkingLot");
    java.util.List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler = new java.util.logging.Handler() {
      @Override
      public void publish(java.util.logging.LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    julLogger.addHandler(handler);
    try {
      parkInSpan(lot, "checkout", "payment:order-1", Map.of());
    } finally {
      julLogger.removeHandler(handler);
    }

    assertThat(records).hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(java.util.logging.Level.WARNING);
    assertThat(records.get(0).getMessage()).isEqualTo("parking lot park for key 'payment:order-1' failed in the"
        + " store; continuing without it (fail-open) (further store failures like this one are summarised at"
        + " most once every 60 s)");
    assertThat(records.get(0).getThrown()).isSameAs(down);
  }

  @Test
  void storeErrorsAreThrownWhenPropagatingAndTheMissListenerStillHearsOfThem() {
    CorruptEntryException corrupt = new CorruptEntryException("parkingLot:k", "bad", null);
    ParkingLot lot = builder().store(new FailingStore(() -> corrupt)).propagateStoreErrors(true).build();

    assertThatThrownBy(() -> lot.retrieve("k")).isSameAs(corrupt);
    assertThatThrownBy(() -> lot.peek("k")).isSameAs(corrupt);
    assertThatThrownBy(() -> lot.exists("k")).isSameAs(corrupt);
    assertThatThrownBy(() -> lot.delete("k")).isSameAs(corrupt);
    assertThat(misses).containsExactly("k=STORE_ERROR");
  }

  @Test
  void aThrowingMissListenerIsContained() {
    ParkingLot lot = ParkingLots.builder().store(store).clock(clock).openTelemetry(telemetry.sdk)
        .missListener((key, reason) -> {
          throw new IllegalStateException("listener bug");
        })
        .build();

    assertThat(lot.retrieve("nothing-here")).isEmpty();
  }

  @Test
  void aParkedLinkIsAddedToASpanBuilderOrToAStartedSpan() {
    ParkingLot lot = builder().build();
    StoredTraceContext stored = StoredTraceContext.builder()
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7")
        .traceFlags(TraceFlags.getSampled()).parkedAtMillis(START).ttlMillis(1000).build();
    ParkedLink link = lot.createLink(stored);

    link.addTo(telemetry.tracer.spanBuilder("before start")).startSpan().end();
    Span started = telemetry.tracer.spanBuilder("after start").startSpan();
    assertThat(link.addTo(started)).isSameAs(started);
    started.end();

    for (io.opentelemetry.sdk.trace.data.SpanData span : telemetry.exporter.getFinishedSpanItems()) {
      assertThat(span.getLinks()).as(span.getName()).singleElement().satisfies(data -> {
        assertThat(data.getSpanContext().getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(data.getSpanContext().getSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(data.getAttributes()).isEqualTo(link.attributes());
      });
    }
    assertThat(telemetry.exporter.getFinishedSpanItems()).extracting(s -> s.getName())
        .containsExactly("before start", "after start");
  }

  @Test
  void createLinkCarriesTheParkedContextAndTheLinkAttributes() {
    ParkingLot lot = builder().build();
    StoredTraceContext plain = StoredTraceContext.builder()
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7")
        .traceFlags(TraceFlags.getSampled()).parkedAtMillis(START).ttlMillis(1000).build();
    StoredTraceContext withMetadata = StoredTraceContext.builder()
        .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7")
        .traceFlags(TraceFlags.getDefault()).parkedAtMillis(START).ttlMillis(1000)
        .metadata(Map.of("orderId", "o-1")).build();

    ParkedLink link = lot.createLink(plain);
    ParkedLink linkWithMetadata = lot.createLink(withMetadata);

    SpanContext target = link.spanContext();
    assertThat(target.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(target.getSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(target.getTraceFlags()).isEqualTo(TraceFlags.getSampled());
    assertThat(target.isRemote()).isTrue();
    assertThat(link.attributes()).isEqualTo(Attributes.builder()
        .put("parking_lot.link.type", "parking_lot")
        .put("link.type", "parking_lot")
        .put("parking_lot.parked_at", START)
        .build());
    assertThat(linkWithMetadata.attributes()).isEqualTo(Attributes.builder()
        .put("parking_lot.link.type", "parking_lot")
        .put("link.type", "parking_lot")
        .put("parking_lot.parked_at", START)
        .put("parking_lot.has_metadata", true)
        .build());
    assertThat(linkWithMetadata.spanContext().getTraceFlags()).isEqualTo(TraceFlags.getDefault());
  }

  @Test
  void closeClosesOnlyAnOwnedStoreOnceAndSwallowsItsFailure() {
    FailingStore given = new FailingStore(() -> new StoreUnavailableException("down", null));
    ParkingLot notOwned = builder().store(given).build();
    notOwned.close();
    assertThat(given.closes).hasValue(0);

    FailingStore owned = new FailingStore(() -> new StoreUnavailableException("down", null), true);
    ParkingLot owning = new DefaultParkingLot(owned, true, 1000, "p:", RetrievalMode.CONSUME_ON_CLAIM, null,
        clock, false, dev.parkinglot.MetadataAttributes.all(),
        new LotMetrics(telemetry.sdk, "failing"), java.time.Duration.ZERO, null);
    owning.close();
    owning.close();
    assertThat(owned.closes).hasValue(1);
  }

  @Test
  void parkOnAClosedOwnedStoreFailsOpen() {
    ParkingLot lot = ParkingLots.builder()
        .config(dev.parkinglot.spi.StoreConfig.of(Map.of("parkinglot.store", "memory")))
        .openTelemetry(telemetry.sdk)
        .build();
    lot.close();

    assertThat(parkInSpan(lot, "late", "k", Map.of()).status())
        .isEqualTo(dev.parkinglot.ParkResult.Status.FAILED);
    assertThat(telemetry.span("late").getEvents()).extracting(EventData::getName).containsExactly("exception");
  }
}
