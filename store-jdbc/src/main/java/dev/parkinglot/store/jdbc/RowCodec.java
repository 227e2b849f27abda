package dev.parkinglot.store.jdbc;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.wire.JsonWireFormat;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * Column choices. Ids are BIGINTs (the two 64-bit halves of the trace id and the span id, signed as
 * Java longs), not hex text: StoredTraceContext keeps them as longs, so writing and reading them
 * needs no hex formatting or parsing and no String per id, and a row is 24 bytes of ids instead of
 * 48 chars. Times are epoch milliseconds in BIGINTs, portable across every dialect and free of time
 * zones. Empty tracestate, baggage and metadata are stored as NULL, so a plain entry writes no text
 * and never touches the JSON codec. Metadata is a JSON object of strings through the shared
 * JsonWireFormat (parking-lot-wire), so the column reads the same as the "metadata" member of the
 * wire format that other stores write. consumed_at is NULL for a live entry and the consumed time,
 * in epoch milliseconds, for a tombstone.
 */

/** Binds a context to the upsert's parameters and reads one back from a result row. Not public API. */
final class RowCodec {
  private RowCodec() {}

  /** Binds {@link JdbcDialect#WRITE_COLUMNS}, in order, from parameter 1. */
  static void bindRow(PreparedStatement statement, String key, StoredTraceContext context)
      throws SQLException {
    statement.setString(1, key);
    statement.setLong(2, context.expiresAtMillis());
    statement.setLong(3, context.traceIdHigh());
    statement.setLong(4, context.traceIdLow());
    statement.setLong(5, context.spanIdAsLong());
    statement.setShort(6, (short) (context.traceFlags().asByte() & 0xFF));
    setText(statement, 7, context.traceState());
    setText(statement, 8, context.baggage());
    statement.setLong(9, context.parkedAtMillis());
    statement.setLong(10, context.ttlMillis());
    setText(statement, 11, context.hasMetadata() ? encodeMetadata(context.metadata()) : "");
    if (context.isConsumed()) {
      statement.setLong(12, context.consumedAtMillis());
    } else {
      statement.setNull(12, Types.BIGINT);
    }
  }

  private static void setText(PreparedStatement statement, int index, String value) throws SQLException {
    if (value.isEmpty()) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  private static String encodeMetadata(Map<String, String> metadata) {
    return JsonWireFormat.encodeMetadata(metadata);
  }

  /**
   * Reads the current row's {@link JdbcDialect#READ_COLUMNS}.
   *
   * <p>One source of truth for expiry: {@code expires_at}. Every statement selects, claims, takes
   * and purges by it ({@code expires_at > now} is live), so the context read back expires when the
   * row does: its ttl is {@code expires_at - parked_at}. The store always writes {@code ttl_ms} as
   * that difference; a row edited by hand or by another writer so that they disagree is read by
   * {@code expires_at}, never half live (found by SQL, expired by the context). A row whose {@code
   * expires_at} is not after its {@code parked_at} is corrupt.
   *
   * @throws CorruptEntryException if the row does not hold a valid context
   * @throws SQLException if the driver cannot read it
   */
  static StoredTraceContext readRow(String key, ResultSet row) throws SQLException {
    long traceIdHigh = row.getLong(1);
    long traceIdLow = row.getLong(2);
    long spanId = row.getLong(3);
    int flags = row.getInt(4);
    String traceState = row.getString(5);
    String baggage = row.getString(6);
    long parkedAt = row.getLong(7);
    String metadata = row.getString(9);
    long consumedAt = row.getLong(10);
    if (row.wasNull()) {
      consumedAt = -1;
    }
    long expiresAt = row.getLong(11);
    if (expiresAt <= parkedAt) {
      throw new CorruptEntryException(key, "expires_at " + expiresAt + " is not after parked_at " + parkedAt, null);
    }
    long ttlMillis = expiresAt - parkedAt;
    if (flags < 0 || flags > 0xFF) {
      throw new CorruptEntryException(key, "trace_flags " + flags + " is not a byte (0 to 255)", null);
    }
    try {
      StoredTraceContext.Builder builder =
          StoredTraceContext.builder()
              .traceId(traceIdHigh, traceIdLow)
              .spanId(spanId)
              .traceFlags((byte) flags)
              .parkedAtMillis(parkedAt)
              .ttlMillis(ttlMillis)
              .traceState(orEmpty(traceState))
              .baggage(orEmpty(baggage))
              .consumedAtMillis(consumedAt);
      if (metadata != null && !metadata.isEmpty()) {
        builder.metadataFromStore(JsonWireFormat.decodeMetadata(key, metadata));
      }
      return builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      // The builder's validation: an id of zero, a ttl out of range.
      throw new CorruptEntryException(key, String.valueOf(e.getMessage()), e);
    }
  }

  private static String orEmpty(@Nullable String text) {
    return text == null ? "" : text;
  }

  /** A row read by a take, or the corruption found in it, to be reported after the commit. */
  static final class Taken {
    private static final Taken NONE = new Taken(false, null, null);

    final boolean present;
    private final @Nullable StoredTraceContext context;
    private final @Nullable CorruptEntryException corrupt;

    private Taken(boolean present, @Nullable StoredTraceContext context, @Nullable CorruptEntryException corrupt) {
      this.present = present;
      this.context = context;
      this.corrupt = corrupt;
    }

    /** Runs {@code query} and reads its row, if any; a corrupt row is kept for {@link #result()}. */
    static Taken read(String key, PreparedStatement query) throws SQLException {
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return NONE;
        }
        try {
          return new Taken(true, readRow(key, row), null);
        } catch (CorruptEntryException e) {
          return new Taken(true, null, e);
        }
      }
    }

    /**
     * The taken context, or empty.
     *
     * @throws CorruptEntryException if the row was corrupt (it is deleted all the same)
     */
    Optional<StoredTraceContext> result() {
      if (corrupt != null) {
        throw corrupt.removedFromStore();
      }
      return Optional.ofNullable(context);
    }
  }
}
