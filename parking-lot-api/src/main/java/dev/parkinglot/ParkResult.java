package dev.parkinglot;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ParkingLot#park(String) park} did. Parking never throws for a missing span or, by
 * default, for a store error: the result says what happened.
 */
public final class ParkResult {
  /** The outcome of a park. */
  public enum Status {
    /** The context was stored; {@link #stored()} holds it. */
    PARKED,
    /**
     * Nothing was stored because there was no valid span context to park (no current span, or a
     * span from a no-op tracer). The original stores empty ids in this case; this library does not.
     */
    SKIPPED_NO_VALID_CONTEXT,
    /** The store failed; {@link #failure()} holds the exception, which is also recorded on the current span. */
    FAILED
  }

  private final String correlationKey;
  private final Status status;
  private final @Nullable StoredTraceContext stored;
  private final @Nullable Throwable failure;

  private ParkResult(String correlationKey, Status status, @Nullable StoredTraceContext stored, @Nullable Throwable failure) {
    this.correlationKey = Objects.requireNonNull(correlationKey, "correlationKey must not be null");
    this.status = status;
    this.stored = stored;
    this.failure = failure;
  }

  /**
   * A successful park of {@code stored} under {@code correlationKey}.
   *
   * @param correlationKey the key as the caller gave it
   * @param stored the context that was stored
   * @return a result with status {@link Status#PARKED}
   */
  public static ParkResult parked(String correlationKey, StoredTraceContext stored) {
    return new ParkResult(correlationKey, Status.PARKED, Objects.requireNonNull(stored, "stored must not be null"), null);
  }

  /**
   * A park that stored nothing for lack of a valid span context.
   *
   * @param correlationKey the key as the caller gave it
   * @return a result with status {@link Status#SKIPPED_NO_VALID_CONTEXT}
   */
  public static ParkResult skippedNoValidContext(String correlationKey) {
    return new ParkResult(correlationKey, Status.SKIPPED_NO_VALID_CONTEXT, null, null);
  }

  /**
   * A park that failed in the store.
   *
   * @param correlationKey the key as the caller gave it
   * @param failure the store's exception
   * @return a result with status {@link Status#FAILED}
   */
  public static ParkResult failed(String correlationKey, Throwable failure) {
    return new ParkResult(correlationKey, Status.FAILED, null, Objects.requireNonNull(failure, "failure must not be null"));
  }

  /**
   * The correlation key as the caller gave it, without the lot's prefix.
   *
   * @return the correlation key
   */
  public String correlationKey() {
    return correlationKey;
  }

  /**
   * What the park did.
   *
   * @return the outcome
   */
  public Status status() {
    return status;
  }

  /**
   * Whether the context was stored.
   *
   * @return true when the status is {@link Status#PARKED}
   */
  public boolean isParked() {
    return status == Status.PARKED;
  }

  /**
   * The stored context, when {@link #isParked()}.
   *
   * @return the stored context, or empty when nothing was stored
   */
  public Optional<StoredTraceContext> stored() {
    return Optional.ofNullable(stored);
  }

  /**
   * The store's exception, when the status is {@link Status#FAILED}.
   *
   * @return the store's exception, or empty when the store did not fail
   */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  @Override
  public String toString() {
    return "ParkResult{" + status + ", correlationKey=" + correlationKey
        + (failure == null ? "" : ", failure=" + failure) + '}';
  }
}
