package dev.parkinglot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParkResultTest {
  private final StoredTraceContext stored = StoredTraceContextValidationTest.valid().build();

  @Test
  void parkedCarriesTheStoredContext() {
    ParkResult result = ParkResult.parked("payment:order-123", stored);
    assertThat(result.status()).isEqualTo(ParkResult.Status.PARKED);
    assertThat(result.isParked()).isTrue();
    assertThat(result.correlationKey()).isEqualTo("payment:order-123");
    assertThat(result.stored()).containsSame(stored);
    assertThat(result.failure()).isEmpty();
    assertThat(result.toString()).isEqualTo("ParkResult{PARKED, correlationKey=payment:order-123}");
  }

  @Test
  void skippedStoresNothing() {
    ParkResult result = ParkResult.skippedNoValidContext("payment:order-123");
    assertThat(result.status()).isEqualTo(ParkResult.Status.SKIPPED_NO_VALID_CONTEXT);
    assertThat(result.isParked()).isFalse();
    assertThat(result.stored()).isEmpty();
    assertThat(result.failure()).isEmpty();
  }

  @Test
  void failedCarriesTheStoresException() {
    StoreUnavailableException failure =
        new StoreUnavailableException("redis down", new java.net.ConnectException("refused"));
    ParkResult result = ParkResult.failed("payment:order-123", failure);
    assertThat(result.status()).isEqualTo(ParkResult.Status.FAILED);
    assertThat(result.isParked()).isFalse();
    assertThat(result.stored()).isEmpty();
    assertThat(result.failure()).containsSame(failure);
    assertThat(result.toString()).contains("FAILED", "payment:order-123", "redis down");
  }

  @Test
  void nullsAreRejectedByName() {
    assertThatThrownBy(() -> ParkResult.parked(null, stored))
        .isInstanceOf(NullPointerException.class).hasMessage("correlationKey must not be null");
    assertThatThrownBy(() -> ParkResult.parked("k", null))
        .isInstanceOf(NullPointerException.class).hasMessage("stored must not be null");
    assertThatThrownBy(() -> ParkResult.failed("k", null))
        .isInstanceOf(NullPointerException.class).hasMessage("failure must not be null");
    assertThatThrownBy(() -> ParkResult.skippedNoValidContext(null))
        .isInstanceOf(NullPointerException.class).hasMessage("correlationKey must not be null");
  }
}
