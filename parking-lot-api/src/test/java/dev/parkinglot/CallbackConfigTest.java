package dev.parkinglot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CallbackConfigTest {
  record PaymentEvent(String orderId) {}

  private final Function<PaymentEvent, String> keyFrom = e -> CorrelationKeys.of("payment", e.orderId());

  @Test
  void defaultsChooseTheSpanKindPerCallAndLinkWithoutRequirements() {
    CallbackConfig<PaymentEvent> config = CallbackConfig.builder("payment.webhook", keyFrom).build();
    assertThat(config.spanName()).isEqualTo("payment.webhook");
    assertThat(config.spanKind()).as("automatic: SERVER, or INTERNAL under a current span").isEmpty();
    assertThat(config.relation()).isEqualTo(CallbackSpanRelation.LINK);
    assertThat(config.attributes()).isEqualTo(Attributes.empty());
    assertThat(config.requireParkedContext()).isFalse();
    assertThat(config.retrievalMode()).isEmpty();
    assertThat(config.correlationKeyFrom().apply(new PaymentEvent("order-123"))).isEqualTo("payment:order-123");
  }

  @Test
  void settersAreKept() {
    Attributes attributes = Attributes.of(AttributeKey.stringKey("webhook.provider"), "stripe");
    CallbackConfig<PaymentEvent> config = CallbackConfig.builder("payment.webhook", keyFrom)
        .spanKind(SpanKind.CONSUMER)
        .attributes(attributes)
        .requireParkedContext(true)
        .retrievalMode(RetrievalMode.CONSUME_ON_SUCCESS)
        .relation(CallbackSpanRelation.CHILD)
        .build();
    assertThat(config.spanKind()).contains(SpanKind.CONSUMER);
    assertThat(config.attributes()).isEqualTo(attributes);
    assertThat(config.requireParkedContext()).isTrue();
    assertThat(config.retrievalMode()).contains(RetrievalMode.CONSUME_ON_SUCCESS);
    assertThat(config.relation()).isEqualTo(CallbackSpanRelation.CHILD);
  }

  @Test
  void theSpanNameMustNotBeBlankOrNull() {
    assertThatThrownBy(() -> CallbackConfig.builder(" ", keyFrom))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("spanName must not be blank, was ' '");
    assertThatThrownBy(() -> CallbackConfig.builder(null, keyFrom))
        .isInstanceOf(NullPointerException.class).hasMessage("spanName must not be null");
    assertThatThrownBy(() -> CallbackConfig.builder("x", null))
        .isInstanceOf(NullPointerException.class).hasMessage("correlationKeyFrom must not be null");
  }

  @Test
  void nullSettersAreRejectedByName() {
    CallbackConfig.Builder<PaymentEvent> builder = CallbackConfig.builder("payment.webhook", keyFrom);
    assertThatThrownBy(() -> builder.spanKind(null))
        .isInstanceOf(NullPointerException.class).hasMessage("spanKind must not be null");
    assertThatThrownBy(() -> builder.attributes(null))
        .isInstanceOf(NullPointerException.class).hasMessage("attributes must not be null");
    assertThatThrownBy(() -> builder.retrievalMode(null))
        .isInstanceOf(NullPointerException.class).hasMessage("retrievalMode must not be null");
    assertThatThrownBy(() -> builder.relation(null))
        .isInstanceOf(NullPointerException.class).hasMessage("relation must not be null");
  }

  @Test
  void aKeyedConfigTakesNoTicketUnlessToldTo() {
    CallbackConfig<PaymentEvent> keyed = CallbackConfig.builder("payment.webhook", keyFrom).build();
    CallbackConfig<PaymentEvent> both = CallbackConfig.builder("payment.webhook", keyFrom)
        .ticketFrom(e -> "ticket-of-" + e.orderId())
        .build();

    assertThat(keyed.ticketFrom()).isEmpty();
    assertThat(keyed.hasCorrelationKey()).isTrue();
    assertThat(both.hasCorrelationKey()).isTrue();
    assertThat(both.ticketFrom().orElseThrow().apply(new PaymentEvent("o-1"))).isEqualTo("ticket-of-o-1");
    assertThat(both.correlationKeyFrom().apply(new PaymentEvent("o-1"))).isEqualTo("payment:o-1");
  }

  @Test
  void aTicketOnlyConfigHasNoCorrelationKeyAndSaysSoWhenAskedForOne() {
    CallbackConfig<PaymentEvent> config =
        CallbackConfig.builderForTicket("payment.webhook", (PaymentEvent e) -> e.orderId()).build();

    assertThat(config.hasCorrelationKey()).isFalse();
    assertThat(config.ticketFrom().orElseThrow().apply(new PaymentEvent("t"))).isEqualTo("t");
    assertThat(config.spanKind()).as("automatic: SERVER, or INTERNAL under a current span").isEmpty();
    assertThatThrownBy(config::correlationKeyFrom)
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("callback 'payment.webhook' has no correlation key: it was built with builderForTicket");
    assertThatThrownBy(() -> CallbackConfig.builderForTicket("x", null))
        .isInstanceOf(NullPointerException.class).hasMessage("ticketFrom must not be null");
    assertThatThrownBy(() -> CallbackConfig.builderForTicket(" ", (PaymentEvent e) -> "t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("spanName must not be blank, was ' '");
    assertThatThrownBy(() -> CallbackConfig.builder("x", keyFrom).ticketFrom(null))
        .isInstanceOf(NullPointerException.class).hasMessage("ticketFrom must not be null");
  }

  @Test
  void ticketStatusesHaveLowerCaseAttributeValues() {
    assertThat(TicketStatus.values()).extracting(TicketStatus::value)
        .containsExactly("valid", "malformed", "unknown_key", "bad_signature", "expired");
  }

  @Test
  void aConfigForASupertypeAcceptsSubtypeEvents() {
    Function<Object, String> fromAnything = o -> "k:" + o;
    CallbackConfig<String> config = CallbackConfig.<String>builder("generic", fromAnything).build();
    assertThat(config.correlationKeyFrom().apply("x")).isEqualTo("k:x");
  }
}
