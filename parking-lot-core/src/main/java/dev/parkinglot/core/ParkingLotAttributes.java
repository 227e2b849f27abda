package dev.parkinglot.core;

import io.opentelemetry.api.common.AttributeKey;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The span, event and link attribute keys and the event names a parking lot writes. Use them to
 * query or assert on what the lot records:
 *
 * <pre>{@code
 * Long waited = spanData.getAttributes().get(ParkingLotAttributes.ELAPSED_MS);
 * }</pre>
 *
 * <p>The names follow the original (autotel) where it has them; the ones it lacks are marked.
 */
public final class ParkingLotAttributes {
  /** The value of {@link #LINK_TYPE} and {@link #LEGACY_LINK_TYPE}: {@code "parking_lot"}. */
  public static final String LINK_TYPE_VALUE = "parking_lot";

  /** Prefix of every attribute this library owns; custom callback attributes under it are dropped. */
  public static final String NAMESPACE = "parking_lot.";

  /** Prefix of the metadata attributes, {@code parking_lot.metadata.<key>}. */
  public static final String METADATA_PREFIX = "parking_lot.metadata.";

  /** Event added to the current span by a successful park. */
  public static final String EVENT_PARKED = "trace_context_parked";

  /** Event added to a callback span that found its parked context. */
  public static final String EVENT_RETRIEVED = "parked_context_retrieved";

  /**
   * The correlation key, without the lot's prefix: on the callback span, on both events, and on a
   * recorded store exception.
   */
  public static final AttributeKey<String> CORRELATION_KEY =
      AttributeKey.stringKey("parking_lot.correlation_key");

  /** On the {@value #EVENT_PARKED} event: the ttl of the parked entry in milliseconds. */
  public static final AttributeKey<Long> TTL_MS = AttributeKey.longKey("parking_lot.ttl_ms");

  /**
   * On the callback span and the {@value #EVENT_RETRIEVED} event: milliseconds from park to claim,
   * never negative (zero when the parking host's clock was ahead).
   */
  public static final AttributeKey<Long> ELAPSED_MS = AttributeKey.longKey("parking_lot.elapsed_ms");

  /** On the callback span and the {@value #EVENT_RETRIEVED} event: the parked span's trace id. */
  public static final AttributeKey<String> ORIGINAL_TRACE_ID =
      AttributeKey.stringKey("parking_lot.original_trace_id");

  /** On the callback span: the parked span's span id. */
  public static final AttributeKey<String> ORIGINAL_SPAN_ID =
      AttributeKey.stringKey("parking_lot.original_span_id");

  /**
   * On the callback span: whether a live parked context was found. The original sets it only when
   * false; this library always sets it.
   */
  public static final AttributeKey<Boolean> CONTEXT_FOUND =
      AttributeKey.booleanKey("parking_lot.context_found");

  /**
   * True on a span whose store operation failed (unavailable store, corrupt entry); the exception
   * is recorded on the same span. Not in the original.
   */
  public static final AttributeKey<Boolean> STORE_ERROR = AttributeKey.booleanKey("parking_lot.store_error");

  /**
   * True on a callback span that is a redelivery: an earlier callback consumed the parked context
   * and its tombstone was found (duplicate detection). The span links to the original all the same.
   * Absent otherwise. Not in the original.
   */
  public static final AttributeKey<Boolean> DUPLICATE = AttributeKey.booleanKey("parking_lot.duplicate");

  /**
   * True on a callback span whose correlation key could not be computed from the event (the
   * function threw or returned an invalid key); the exception is recorded. Not in the original.
   */
  public static final AttributeKey<Boolean> CORRELATION_KEY_ERROR =
      AttributeKey.booleanKey("parking_lot.correlation_key_error");

  /**
   * True on the {@value #EVENT_PARKED} event when the baggage was longer than {@link
   * dev.parkinglot.ParkingLotLimits#MAX_BAGGAGE_LENGTH} and was parked without it. Not in the
   * original (which never parks baggage).
   */
  public static final AttributeKey<Boolean> BAGGAGE_DROPPED =
      AttributeKey.booleanKey("parking_lot.baggage_dropped");

  /**
   * True on the {@value #EVENT_PARKED} event when the tracestate was longer than {@link
   * dev.parkinglot.ParkingLotLimits#MAX_TRACE_STATE_LENGTH} and was parked without it.
   */
  public static final AttributeKey<Boolean> TRACE_STATE_DROPPED =
      AttributeKey.booleanKey("parking_lot.trace_state_dropped");

  /**
   * Event added by {@link dev.parkinglot.ParkingLot#ticket(dev.parkinglot.ParkOptions)} to the span
   * whose context the ticket carries (when it is current), with {@link #TTL_MS} and {@link
   * #TICKET_KEY_ID}. Not in the original.
   */
  public static final String EVENT_TICKETED = "trace_context_ticketed";

  /**
   * On a callback span whose event carried a ticket: the outcome of its verification, {@link
   * dev.parkinglot.TicketStatus#value()} ({@code valid}, {@code malformed}, {@code unknown_key},
   * {@code bad_signature}, {@code expired}). Also an attribute of the {@value
   * #TICKET_VERIFICATIONS} counter. Not in the original.
   */
  public static final AttributeKey<String> TICKET_STATUS = AttributeKey.stringKey("parking_lot.ticket.status");

  /**
   * The key id a ticket was signed under, when the lot knows that key (a valid, expired or badly
   * signed ticket); on the callback span, the {@value #EVENT_TICKETED} event and the {@value
   * #TICKET_VERIFICATIONS} counter. An unknown key id is never recorded: it is the sender's choice.
   */
  public static final AttributeKey<String> TICKET_KEY_ID = AttributeKey.stringKey("parking_lot.ticket.key_id");

  /**
   * True on a callback span whose ticket function threw; the exception is recorded and the
   * callback proceeds as if the event carried no ticket. Not in the original.
   */
  public static final AttributeKey<Boolean> TICKET_ERROR = AttributeKey.booleanKey("parking_lot.ticket_error");

  /**
   * The counter of ticket verifications in callbacks (unit {@code {verification}}), on the meter
   * of scope {@value ParkingLots#INSTRUMENTATION_NAME}, with {@link #TICKET_STATUS} and, when known,
   * {@link #TICKET_KEY_ID}.
   */
  public static final String TICKET_VERIFICATIONS = "parking_lot.ticket.verifications";

  /** On a parked-context link: {@value #LINK_TYPE_VALUE}. */
  public static final AttributeKey<String> LINK_TYPE = AttributeKey.stringKey("parking_lot.link.type");

  /** On a parked-context link: {@value #LINK_TYPE_VALUE}, the original's name for the link type. */
  public static final AttributeKey<String> LEGACY_LINK_TYPE = AttributeKey.stringKey("link.type");

  /** On a parked-context link: when the context was parked, in epoch milliseconds. */
  public static final AttributeKey<Long> PARKED_AT = AttributeKey.longKey("parking_lot.parked_at");

  /** On a parked-context link: true when the parked context carries metadata (absent otherwise). */
  public static final AttributeKey<Boolean> HAS_METADATA = AttributeKey.booleanKey("parking_lot.has_metadata");

  /** Metadata keys seen so far are kept up to this many, so that key objects are not rebuilt. */
  private static final int MAX_CACHED_METADATA_KEYS = 1024;

  private static final ConcurrentHashMap<String, AttributeKey<String>> METADATA_KEYS =
      new ConcurrentHashMap<>();

  private ParkingLotAttributes() {}

  /**
   * The attribute key {@code parking_lot.metadata.<key>} for a metadata entry.
   *
   * @param key the metadata key
   * @return the attribute key
   * @throws NullPointerException if {@code key} is null
   */
  public static AttributeKey<String> metadata(String key) {
    AttributeKey<String> cached = METADATA_KEYS.get(Objects.requireNonNull(key, "key must not be null"));
    if (cached != null) {
      return cached;
    }
    AttributeKey<String> created = AttributeKey.stringKey(METADATA_PREFIX + key);
    if (METADATA_KEYS.size() < MAX_CACHED_METADATA_KEYS) {
      METADATA_KEYS.putIfAbsent(key, created);
    }
    return created;
  }
}
