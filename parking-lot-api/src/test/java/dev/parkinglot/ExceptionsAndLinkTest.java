package dev.parkinglot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ExceptionsAndLinkTest {

  @Test
  void everyExceptionIsAParkingLotExceptionAndUnchecked() {
    assertThat(new StoreUnavailableException("x", null)).isInstanceOf(ParkingLotException.class);
    assertThat(new StoreFullException("x", 10)).isInstanceOf(ParkingLotException.class);
    assertThat(new CorruptEntryException("k", "x", null)).isInstanceOf(ParkingLotException.class);
    assertThat(new ParkedContextNotFoundException("k", "x")).isInstanceOf(ParkingLotException.class);
    assertThat(new ParkingLotException("x")).isInstanceOf(RuntimeException.class);
  }

  @Test
  void theBackendExceptionIsTheCause() {
    IOException backend = new IOException("connection refused");
    assertThat(new StoreUnavailableException("redis unreachable", backend)).hasCauseReference(backend);
    assertThat(new CorruptEntryException("parkingLot:k", "bad json", backend)).hasCauseReference(backend);
    assertThat(new ParkingLotException("x", backend)).hasCauseReference(backend);
  }

  @Test
  void messagesNameTheKey() {
    CorruptEntryException corrupt = new CorruptEntryException("parkingLot:payment:1", "traceId missing", null);
    assertThat(corrupt).hasMessage("corrupt parked entry under key 'parkingLot:payment:1': traceId missing");
    assertThat(corrupt.key()).isEqualTo("parkingLot:payment:1");
    ParkedContextNotFoundException notFound = new ParkedContextNotFoundException("payment:1", "not found");
    assertThat(notFound)
        .hasMessage("required parked context not found for correlation key 'payment:1': not found");
    assertThat(notFound.correlationKey()).isEqualTo("payment:1");
    assertThat(new ParkedContextNotFoundException("", "the event carried no ticket"))
        .hasMessage("required parked context not found: the event carried no ticket");
    assertThat(new StoreFullException("full", 100).capacity()).isEqualTo(100);
  }

  @Test
  void aParkedLinkCarriesItsContextAndAttributes() {
    SpanContext target = StoredTraceContextValidationTest.valid().build().toSpanContext();
    Attributes attributes = Attributes.of(AttributeKey.stringKey("parking_lot.link.type"), "parking_lot");
    ParkedLink link = new ParkedLink(target, attributes);
    assertThat(link.spanContext()).isSameAs(target);
    assertThat(link.attributes()).isSameAs(attributes);
    assertThat(link.toString()).contains(target.getTraceId(), "parking_lot.link.type");
    assertThatThrownBy(() -> new ParkedLink(null, attributes))
        .isInstanceOf(NullPointerException.class).hasMessage("spanContext must not be null");
    assertThatThrownBy(() -> new ParkedLink(target, null))
        .isInstanceOf(NullPointerException.class).hasMessage("attributes must not be null");
  }
}
