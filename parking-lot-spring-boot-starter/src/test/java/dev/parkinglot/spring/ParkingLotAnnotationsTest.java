package dev.parkinglot.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.CallbackContext;
import dev.parkinglot.ParkedContextNotFoundException;
import dev.parkinglot.ParkingLot;
import dev.parkinglot.core.ParkingLotAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;

/** @TraceCallback and @Park on a plain bean, with the real SDK: sync, CompletionStage and Mono. */
class ParkingLotAnnotationsTest {
  private static final String WEBHOOK = "POST /webhooks/payment";

  private final TestTelemetry telemetry = new TestTelemetry();
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ParkingLotAutoConfiguration.class))
      .withBean(OpenTelemetry.class, () -> telemetry.sdk, TestTelemetry::notClosedByTheContext)
      .withBean(Payments.class);

  @AfterEach
  void close() {
    telemetry.close();
  }

  /** A webhook handler and a checkout as an application writes them. */
  public static class Payments {
    @TraceCallback(key = "'payment:' + #orderId", name = WEBHOOK)
    public String webhook(String orderId) {
      CallbackContext context = ParkingLotCallbacks.current().orElseThrow();
      assertThat(Span.current()).isSameAs(context.span());
      return context.duplicate() ? "duplicate" : "paid, linked=" + context.parkedContext().isPresent();
    }

    @TraceCallback(key = "'payment:' + #p0", name = WEBHOOK)
    public String withContextParameter(String orderId, CallbackContext context) {
      return context.correlationKey();
    }

    @TraceCallback(key = "'payment:' + #orderId", name = WEBHOOK)
    public CompletableFuture<String> async(String orderId, CompletableFuture<String> done) {
      return done;
    }

    @TraceCallback(key = "'payment:' + #orderId", name = WEBHOOK)
    public CompletionStage<String> stage(String orderId, CompletableFuture<String> done) {
      return done;
    }

    @TraceCallback(key = "'payment:' + #orderId", name = WEBHOOK)
    public Mono<String> mono(String orderId) {
      return Mono.fromSupplier(() -> "duplicate=" + ParkingLotCallbacks.current().orElseThrow().duplicate());
    }

    @TraceCallback(key = "'payment:' + #orderId", name = WEBHOOK)
    public Mono<String> never(String orderId) {
      return Mono.never();
    }

    @TraceCallback(key = "'payment:' + #orderId", name = WEBHOOK)
    public void fails(String orderId) throws IOException {
      throw new IOException("provider sent garbage");
    }

    @TraceCallback(key = "'payment:' + #orderId", name = WEBHOOK, requireParkedContext = true, kind = SpanKind.CONSUMER)
    public String required(String orderId) {
      return "ran";
    }

    @TraceCallback(ticket = "#ticket", name = WEBHOOK)
    public String withTicket(String ticket) {
      return ParkingLotCallbacks.current().orElseThrow().ticketStatus().map(Enum::name).orElse("none");
    }

    @TraceCallback(key = "#orderId")
    public String unnamed(String orderId) {
      return "ran";
    }

    @Park(key = "'payment:' + #orderId")
    public String checkout(String orderId) {
      return orderId;
    }

    private int ran;

    /** Read through the proxy: a field read on the proxy would see the proxy's own field. */
    public int runs() {
      return ran;
    }

    @Park(key = "#orderId")
    public void parkOrNothing(String orderId) {
      ran++;
    }

    @Park(key = "#result")
    public String noOrder() {
      ran++;
      return null;
    }

    @Park(key = "'payment:' + #result")
    public String startPayment(String prefix) {
      return prefix + "-42";
    }

    @Park(key = "'payment:' + #result")
    public CompletableFuture<String> startPaymentAsync(CompletableFuture<String> orderId) {
      return orderId;
    }

    @Park(key = "'payment:' + #result")
    public Mono<String> startPaymentMono(String orderId) {
      return Mono.just(orderId);
    }
  }

  @Test
  void traceCallbackLinksToWhatParkParkedAndMarksTheRedeliveryDuplicate() {
    runner.run(context -> {
      Payments payments = context.getBean(Payments.class);
      assertThat(AopUtils.isAopProxy(payments)).isTrue();
      String orderId = "order-" + UUID.randomUUID();
      Span checkout = telemetry.inSpan("POST /checkout", span -> payments.checkout(orderId));

      assertThat(payments.webhook(orderId)).isEqualTo("paid, linked=true");
      assertThat(payments.webhook(orderId)).isEqualTo("duplicate");

      List<SpanData> deliveries = telemetry.named(WEBHOOK);
      assertThat(deliveries).hasSize(2);
      for (SpanData delivery : deliveries) {
        assertLinked(delivery, checkout);
        assertThat(delivery.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(delivery.getAttributes().get(ParkingLotAttributes.CORRELATION_KEY)).isEqualTo("payment:" + orderId);
      }
      assertThat(deliveries.get(0).getAttributes().get(ParkingLotAttributes.DUPLICATE)).isNotEqualTo(Boolean.TRUE);
      assertThat(deliveries.get(1).getAttributes().get(ParkingLotAttributes.DUPLICATE)).isTrue();
    });
  }

  @Test
  void aCallbackContextParameterIsFilledIn() {
    runner.run(context -> assertThat(context.getBean(Payments.class).withContextParameter("order-9", null))
        .isEqualTo("payment:order-9"));
  }

  @Test
  void parkWithResultParksAfterTheMethodReturnedWithTheContextOfTheCall() {
    runner.run(context -> {
      Payments payments = context.getBean(Payments.class);
      ParkingLot lot = context.getBean(ParkingLot.class);
      Span checkout = telemetry.inSpan("POST /checkout", span -> assertThat(payments.startPayment("order")).isEqualTo("order-42"));
      assertThat(lot.peek("payment:order-42")).hasValueSatisfying(parked ->
          assertThat(parked.spanId()).isEqualTo(checkout.getSpanContext().getSpanId()));

      CompletableFuture<String> later = new CompletableFuture<>();
      Span asyncCheckout = telemetry.inSpan("POST /checkout", span -> payments.startPaymentAsync(later));
      assertThat(lot.exists("payment:order-43")).as("nothing parked before the future completed").isFalse();
      later.complete("order-43");
      assertThat(lot.peek("payment:order-43")).hasValueSatisfying(parked ->
          assertThat(parked.spanId()).isEqualTo(asyncCheckout.getSpanContext().getSpanId()));

      Mono<String>[] mono = new Mono[1];
      Span monoCheckout = telemetry.inSpan("POST /checkout", span -> mono[0] = payments.startPaymentMono("order-44"));
      assertThat(lot.exists("payment:order-44")).as("nothing parked before subscription").isFalse();
      assertThat(mono[0].block()).isEqualTo("order-44");
      assertThat(lot.peek("payment:order-44")).hasValueSatisfying(parked ->
          assertThat(parked.spanId()).isEqualTo(monoCheckout.getSpanContext().getSpanId()));
    });
  }

  @Test
  void anAsyncCallbacksSpanEndsWhenItsResultCompletes() {
    runner.run(context -> {
      Payments payments = context.getBean(Payments.class);
      String orderId = "order-" + UUID.randomUUID();
      Span checkout = telemetry.inSpan("POST /checkout", span -> payments.checkout(orderId));

      CompletableFuture<String> done = new CompletableFuture<>();
      CompletableFuture<String> result = payments.async(orderId, done);
      assertThat(telemetry.named(WEBHOOK)).as("open while the future runs").isEmpty();
      done.complete("paid");
      assertThat(result.join()).isEqualTo("paid");
      assertThat(telemetry.named(WEBHOOK)).singleElement().satisfies(span -> assertLinked(span, checkout));

      CompletableFuture<String> failed = new CompletableFuture<>();
      CompletionStage<String> stage = payments.stage(orderId, failed);
      assertThat(telemetry.named(WEBHOOK)).hasSize(1);
      failed.completeExceptionally(new IllegalStateException("declined"));
      assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
      SpanData redelivery = telemetry.named(WEBHOOK).get(1);
      assertThat(redelivery.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(redelivery.getAttributes().get(ParkingLotAttributes.DUPLICATE)).isTrue();
    });
  }

  @Test
  void aMonoCallbackRunsAtEachSubscriptionAndItsSpanEndsWhenTheMonoCompletes() {
    runner.run(context -> {
      Payments payments = context.getBean(Payments.class);
      String orderId = "order-" + UUID.randomUUID();
      Span checkout = telemetry.inSpan("POST /checkout", span -> payments.checkout(orderId));

      Mono<String> webhook = payments.mono(orderId);
      assertThat(telemetry.named(WEBHOOK)).as("nothing runs before subscription").isEmpty();
      assertThat(webhook.block()).isEqualTo("duplicate=false");
      assertThat(webhook.block()).as("a second subscription is a redelivery").isEqualTo("duplicate=true");
      List<SpanData> deliveries = telemetry.named(WEBHOOK);
      assertThat(deliveries).hasSize(2);
      deliveries.forEach(span -> assertLinked(span, checkout));
    });
  }

  @Test
  void aTicketFromTheArgumentsLinksWithoutTheStore() {
    runner.withPropertyValues("parkinglot.tickets.keys=k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=").run(context -> {
      ParkingLot lot = context.getBean(ParkingLot.class);
      String[] ticket = new String[1];
      Span checkout = telemetry.inSpan("POST /checkout", span -> ticket[0] = lot.ticket().orElseThrow());
      assertThat(context.getBean(Payments.class).withTicket(ticket[0])).isEqualTo("VALID");
      assertThat(telemetry.named(WEBHOOK)).singleElement().satisfies(span -> assertLinked(span, checkout));
    });
  }

  @Test
  void aCancelledMonoSubscriptionEndsTheCallbackSpan() {
    runner.run(context -> {
      reactor.core.Disposable subscription = context.getBean(Payments.class).never("order-1").subscribe();
      assertThat(telemetry.named(WEBHOOK)).as("open while the Mono runs").isEmpty();
      subscription.dispose();
      assertThat(telemetry.named(WEBHOOK)).singleElement().satisfies(span ->
          assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
    });
  }

  @Test
  void aCheckedExceptionPassesUnchangedAndIsRecordedOnTheSpan() {
    runner.run(context -> {
      Payments payments = context.getBean(Payments.class);
      assertThatThrownBy(() -> payments.fails("order-1"))
          .isExactlyInstanceOf(IOException.class).hasMessage("provider sent garbage");
      SpanData span = telemetry.named(WEBHOOK).get(0);
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(span.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
    });
  }

  @Test
  void requireParkedContextAndKindAndTheDefaultSpanName() {
    runner.run(context -> {
      Payments payments = context.getBean(Payments.class);
      assertThatThrownBy(() -> payments.required("never-parked"))
          .isInstanceOf(ParkedContextNotFoundException.class).hasMessageContaining("payment:never-parked");
      assertThat(telemetry.named(WEBHOOK)).singleElement()
          .satisfies(span -> assertThat(span.getKind()).isEqualTo(SpanKind.CONSUMER));
      assertThat(payments.unnamed("x")).isEqualTo("ran");
      assertThat(telemetry.named("Payments.unnamed")).hasSize(1);
    });
  }

  @Test
  void aKeyThatGivesNothingFailsOpenAsTheLibraryDoesNamingTheExpressionAndTheMethod() {
    runner.run(context -> {
      assertThat(context.getBean(Payments.class).unnamed(null)).as("the handler still runs, unlinked").isEqualTo("ran");
      SpanData span = telemetry.named("Payments.unnamed").get(0);
      assertThat(span.getAttributes().get(ParkingLotAttributes.CORRELATION_KEY_ERROR)).isTrue();
      assertThat(span.getLinks()).isEmpty();
      assertThat(span.getEvents()).anySatisfy(event -> assertThat(
              event.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("exception.message")))
          .contains("#orderId").contains("unnamed").contains("null"));
    });
  }

  @Test
  void aParkKeyThatGivesNothingFailsBeforeTheMethodOrIsRecordedAfterIt() {
    runner.run(context -> {
      Payments payments = context.getBean(Payments.class);
      assertThatThrownBy(() -> payments.parkOrNothing(null))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#orderId").hasMessageContaining("parkOrNothing");
      assertThat(payments.runs()).as("the method did not run").isZero();

      Span checkout = telemetry.inSpan("POST /checkout", span ->
          assertThat(payments.noOrder()).as("the result reaches the caller").isNull());
      assertThat(payments.runs()).isEqualTo(1);
      assertThat(telemetry.named("POST /checkout")).singleElement().satisfies(span -> {
        assertThat(span.getSpanId()).isEqualTo(checkout.getSpanContext().getSpanId());
        assertThat(span.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
      });
    });
  }

  private static void assertLinked(SpanData callback, Span parkedBy) {
    assertThat(callback.getLinks()).singleElement().satisfies(link -> {
      assertThat(link.getSpanContext().getTraceId()).isEqualTo(parkedBy.getSpanContext().getTraceId());
      assertThat(link.getSpanContext().getSpanId()).isEqualTo(parkedBy.getSpanContext().getSpanId());
    });
    assertThat(callback.getAttributes().get(ParkingLotAttributes.CONTEXT_FOUND)).isTrue();
  }
}
