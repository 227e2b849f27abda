package dev.parkinglot.core;

import java.time.Instant;
import dev.parkinglot.tck.TckClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.store.memory.MemoryTraceContextStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Samplers see links and attributes only at span start: the lot must put them on the builder. */
class SamplerTest {
  /** Samples a callback span only when it links to a parked context; records what it was shown. */
  static final class LinkAwareSampler implements Sampler {
    final List<List<LinkData>> linksSeen = new CopyOnWriteArrayList<>();
    final List<Attributes> attributesSeen = new CopyOnWriteArrayList<>();

    @Override
    public SamplingResult shouldSample(
        Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
        List<LinkData> parentLinks) {
      if (!name.equals("payment.webhook")) {
        return SamplingResult.recordAndSample();
      }
      linksSeen.add(List.copyOf(parentLinks));
      attributesSeen.add(attributes);
      return parentLinks.isEmpty() ? SamplingResult.drop() : SamplingResult.recordAndSample();
    }

    @Override
    public String getDescription() {
      return "LinkAwareSampler";
    }
  }

  private final LinkAwareSampler sampler = new LinkAwareSampler();
  private final TestTelemetry telemetry = new TestTelemetry(sampler);
  private final TckClock clock = TckClock.at(Instant.ofEpochMilli(LotTestBase.START));
  private final MemoryTraceContextStore store =
      MemoryTraceContextStore.builder().clock(clock).sweepInterval(Duration.ZERO).build();

  @AfterEach
  void close() {
    store.close();
    telemetry.close();
  }

  @Test
  void theSamplerSeesTheLinkAndOurAttributesAtSpanStart() {
    ParkingLot lot = ParkingLots.builder().store(store).clock(clock).openTelemetry(telemetry.sdk).build();
    CallbackConfig<String> config = CallbackConfig.builder("payment.webhook", (String id) -> "payment:" + id)
        .build();
    Span checkout = telemetry.tracer.spanBuilder("checkout").startSpan();
    try (Scope ignored = checkout.makeCurrent()) {
      lot.park("payment:order-1", Map.of("orderId", "order-1"));
    } finally {
      checkout.end();
    }
    clock.advance(Duration.ofMillis(1_000));

    lot.traceCallback(config, (ctx, id) -> "ok").apply("order-1");
    lot.traceCallback(config, (ctx, id) -> "ok").apply("order-2");

    SpanData parked = telemetry.span("checkout");
    assertThat(sampler.linksSeen).hasSize(2);
    assertThat(sampler.linksSeen.get(0)).hasSize(1);
    LinkData link = sampler.linksSeen.get(0).get(0);
    assertThat(link.getSpanContext().getSpanId()).isEqualTo(parked.getSpanId());
    assertThat(link.getAttributes().get(AttributeKey.stringKey("parking_lot.link.type"))).isEqualTo("parking_lot");
    assertThat(TestTelemetry.norm(sampler.attributesSeen.get(0))).isEqualTo(Attributes.builder()
        .put(ParkingLotAttributes.CORRELATION_KEY, "payment:order-1")
        .put(ParkingLotAttributes.CONTEXT_FOUND, true)
        .put(ParkingLotAttributes.ELAPSED_MS, 1_000L)
        .put(ParkingLotAttributes.ORIGINAL_TRACE_ID, parked.getTraceId())
        .put(ParkingLotAttributes.ORIGINAL_SPAN_ID, parked.getSpanId())
        .put("parking_lot.metadata.orderId", "order-1")
        .build());
    assertThat(sampler.linksSeen.get(1)).isEmpty();
    assertThat(TestTelemetry.norm(sampler.attributesSeen.get(1))).isEqualTo(Attributes.of(
        ParkingLotAttributes.CORRELATION_KEY, "payment:order-2", ParkingLotAttributes.CONTEXT_FOUND, false));
    assertThat(telemetry.spans()).extracting(SpanData::getName).containsExactly("checkout", "payment.webhook");
  }
}
