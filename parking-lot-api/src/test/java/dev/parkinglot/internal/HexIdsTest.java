package dev.parkinglot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class HexIdsTest {
  private static final String DIGITS = "0123456789abcdef";

  @Test
  void everyCharIsADigitExactlyWhenItIsALowercaseHexDigit() {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      int expected = DIGITS.indexOf(c);
      assertThat(HexIds.digit((char) c)).as("char U+%04X", c).isEqualTo(expected);
      String id = "000000000000000" + (char) c;
      if (expected < 0) {
        assertThatThrownBy(() -> HexIds.parse(id, 0)).as("char U+%04X", c)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not a lowercase hex id");
      } else {
        assertThat(HexIds.parse(id, 0)).as("char U+%04X", c).isEqualTo(expected);
      }
    }
  }

  @Test
  void parseReadsWhatTheOpenTelemetryEncoderWrites() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long[] edges = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x00f067aa0ba902b7L};
    for (int i = 0; i < 10_000; i++) {
      long high = i < edges.length ? edges[i] : random.nextLong();
      long low = i < edges.length ? edges[edges.length - 1 - i] : random.nextLong();
      String traceId = TraceId.fromLongs(high, low);
      assertThat(HexIds.parse(traceId, 0)).isEqualTo(high);
      assertThat(HexIds.parse(traceId, 16)).isEqualTo(low);
      assertThat(HexIds.parse(SpanId.fromLong(high), 0)).isEqualTo(high);
      assertThat(HexIds.traceId(high, low)).isEqualTo(traceId);
      assertThat(HexIds.spanId(low)).isEqualTo(SpanId.fromLong(low));
    }
  }

  @Test
  void aBadDigitAnywhereIsRefused() {
    String good = "4bf92f3577b34da6a3ce929d0e0e4736";
    for (int i = 0; i < good.length(); i++) {
      for (char bad : new char[] {'g', 'A', 'F', ':', '`', '/', ' ', '\u0660', '\uff10'}) {
        String id = good.substring(0, i) + bad + good.substring(i + 1);
        int offset = i < 16 ? 0 : 16;
        assertThatThrownBy(() -> HexIds.parse(id, offset)).isInstanceOf(IllegalArgumentException.class);
      }
    }
  }
}
