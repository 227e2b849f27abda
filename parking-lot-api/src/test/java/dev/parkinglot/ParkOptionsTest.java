package dev.parkinglot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParkOptionsTest {

  @Test
  void defaultsHaveNoOverrides() {
    ParkOptions defaults = ParkOptions.defaults();
    assertThat(defaults.ttl()).isEmpty();
    assertThat(defaults.metadata()).isEmpty();
    assertThat(defaults.spanContext()).isEmpty();
    assertThat(defaults.context()).isEmpty();
    assertThat(ParkOptions.builder().build().metadata()).isEmpty();
  }

  @Test
  void settersAreKept() {
    SpanContext span = SpanContext.create(
        "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());
    Context context = Context.root().with(ContextKey.named("k"), "v");
    ParkOptions options = ParkOptions.builder()
        .ttl(Duration.ofHours(2))
        .metadata(Map.of("orderId", "order-123"))
        .spanContext(span)
        .context(context)
        .build();
    assertThat(options.ttl()).contains(Duration.ofHours(2));
    assertThat(options.metadata()).containsExactly(Map.entry("orderId", "order-123"));
    assertThat(options.spanContext()).containsSame(span);
    assertThat(options.context()).containsSame(context);
  }

  @Test
  void metadataIsAnUnmodifiableCopyInTheCallersOrder() {
    Map<String, String> callers = new LinkedHashMap<>();
    callers.put("z", "1");
    callers.put("a", "2");
    ParkOptions options = ParkOptions.builder().metadata(callers).build();
    callers.put("z", "changed");
    callers.put("new", "3");
    assertThat(options.metadata()).containsExactly(Map.entry("z", "1"), Map.entry("a", "2"));
    assertThatThrownBy(() -> options.metadata().put("b", "3")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void settersValidateAtOnce() {
    ParkOptions.Builder builder = ParkOptions.builder();
    assertThatThrownBy(() -> builder.ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl must be positive, was PT0S");
    assertThatThrownBy(() -> builder.ttl(Duration.ofDays(400)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ttl PT9600H exceeds the maximum of PT8784H");
    assertThatThrownBy(() -> builder.ttl(null))
        .isInstanceOf(NullPointerException.class).hasMessage("ttl must not be null");
    assertThatThrownBy(() -> builder.metadata(Map.of("k", "v".repeat(1025))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata value for key 'k' has 1025 chars, more than the maximum of 1024");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);
    assertThatThrownBy(() -> builder.metadata(nullValue))
        .isInstanceOf(NullPointerException.class).hasMessage("metadata value for key 'k' must not be null");
    assertThatThrownBy(() -> builder.spanContext(null))
        .isInstanceOf(NullPointerException.class).hasMessage("spanContext must not be null");
    assertThatThrownBy(() -> builder.context(null))
        .isInstanceOf(NullPointerException.class).hasMessage("context must not be null");
  }

  @Test
  void aRejectedValueLeavesTheBuilderAsItWas() {
    ParkOptions.Builder builder = ParkOptions.builder().ttl(Duration.ofMinutes(5));
    assertThatThrownBy(() -> builder.ttl(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThat(builder.build().ttl()).contains(Duration.ofMinutes(5));
  }
}
