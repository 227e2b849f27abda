package dev.parkinglot.store.dynamodb;

import dev.parkinglot.CorruptEntryException;
import dev.parkinglot.ParkingLotLimits;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/*
 * A claim is one conditional UpdateItem: DynamoDB applies it to the item atomically, so of racing
 * claims exactly one passes "the item exists, is live by the store clock's now and is not consumed"
 * and turns it into its tombstone; ReturnValues=ALL_OLD hands that claim the item as it was. The
 * tombstone's attributes need no read first: its expiry is consumedAt + tombstone ttl, known to the
 * client, and its ttl is that minus parked_at_ms, which the update computes (SET ttl = :until -
 * parked). The condition also asks that this ttl lies within 1 ms and the largest ttl, the bounds
 * StoredTraceContext.asConsumed clamps to; outside them (clocks far apart) the slow path below
 * writes the clamped values instead.
 *
 * A claim that fails its condition reads the item (consistently), unless DynamoDB already returned
 * it with the failure (ReturnValuesOnConditionCheckFailure=ALL_OLD; emulators such as dynalite
 * ignore that), and decides: nothing live is NOT_FOUND, a tombstone is DUPLICATE. A live entry
 * there means the bounds above failed or the entry was saved anew in between: it is then claimed
 * with exact values under a condition that pins the item read, and the whole is tried again if that
 * condition fails too.
 */

/** The DynamoDB store's claim. Not public API. */
final class DynamoDbClaim {
  private static final long MAX_TTL_MILLIS = ParkingLotLimits.MAX_TTL.toMillis();
  private static final int ATTEMPTS = 3;
  private static final String FAST_CONDITION = "attribute_exists(#pk) AND #exp > :now"
      + " AND attribute_not_exists(#consumed) AND #parked BETWEEN :lo AND :hi";
  private static final String FAST_UPDATE = "SET #consumed = :at, #ttl = :until - #parked, #exp = :until,"
      + " #ttls = :untilS";
  private static final String EXACT_CONDITION = "attribute_exists(#pk) AND #exp = :oldExp"
      + " AND #parked = :parked AND attribute_not_exists(#consumed)";
  private static final String EXACT_UPDATE =
      "SET #consumed = :at, #ttl = :ttlMs, #exp = :until, #ttls = :untilS";

  private final DynamoDbClient client;
  private final String table;
  private final ItemCodec codec;
  private final Map<String, String> names;

  DynamoDbClaim(DynamoDbClient client, String table, ItemCodec codec) {
    this.client = client;
    this.table = table;
    this.codec = codec;
    this.names = Map.of("#pk", codec.partitionKey(), "#exp", ItemCodec.EXPIRES_AT_MS,
        "#consumed", ItemCodec.CONSUMED_AT_MS, "#parked", ItemCodec.PARKED_AT_MS, "#ttl", ItemCodec.TTL_MS,
        "#ttls", codec.ttlAttribute());
  }

  /**
   * Claims {@code key}; the arguments are checked by the caller, {@code nowMillis} is the store clock's.
   *
   * @throws SdkException if DynamoDB fails
   * @throws CorruptEntryException if the item cannot be read (it is deleted)
   */
  ClaimResult claim(String key, Consumption consumption, long nowMillis) {
    long at = consumption.consumedAtMillis();
    long until = consumption.tombstoneExpiresAtMillis();
    Map<String, AttributeValue> values = Map.of(
        ":now", ItemCodec.number(nowMillis),
        ":at", ItemCodec.number(Math.max(0, at)),
        ":until", ItemCodec.number(until),
        ":untilS", ItemCodec.number(ItemCodec.epochSecondsCeiling(until)),
        ":lo", ItemCodec.number(until - MAX_TTL_MILLIS),
        ":hi", ItemCodec.number(until - 1));
    Map<String, AttributeValue> found;
    try {
      return claimed(key, update(key, FAST_CONDITION, FAST_UPDATE, values));
    } catch (ConditionalCheckFailedException failed) {
      found = failed.hasItem() ? failed.item() : read(key);
    }
    for (int attempt = 1; ; attempt++) {
      if (found.isEmpty()) {
        return ClaimResult.notFound();
      }
      StoredTraceContext context = decodeOrDelete(key, found);
      if (context.isExpiredAt(nowMillis)) {
        return ClaimResult.notFound();
      }
      if (context.isConsumed()) {
        return ClaimResult.duplicate(context);
      }
      StoredTraceContext tombstone = consumption.tombstoneOf(context);
      Map<String, AttributeValue> exact = Map.of(
          ":oldExp", ItemCodec.number(context.expiresAtMillis()),
          ":parked", ItemCodec.number(context.parkedAtMillis()),
          ":at", ItemCodec.number(tombstone.consumedAtMillis()),
          ":ttlMs", ItemCodec.number(tombstone.ttlMillis()),
          ":until", ItemCodec.number(tombstone.expiresAtMillis()),
          ":untilS", ItemCodec.number(ItemCodec.epochSecondsCeiling(tombstone.expiresAtMillis())));
      try {
        return claimed(key, update(key, EXACT_CONDITION, EXACT_UPDATE, exact));
      } catch (ConditionalCheckFailedException failed) {
        if (attempt >= ATTEMPTS) {
          throw failed;
        }
        found = failed.hasItem() ? failed.item() : read(key);
      }
    }
  }

  private Map<String, AttributeValue> update(
      String key, String condition, String update, Map<String, AttributeValue> values) {
    UpdateItemResponse response = client.updateItem(UpdateItemRequest.builder()
        .tableName(table)
        .key(codec.key(key))
        .conditionExpression(condition)
        .updateExpression(update)
        .expressionAttributeNames(names)
        .expressionAttributeValues(values)
        .returnValues(ReturnValue.ALL_OLD)
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
        .build());
    return response.hasAttributes() ? response.attributes() : Map.of();
  }

  private ClaimResult claimed(String key, Map<String, AttributeValue> old) {
    if (old.isEmpty()) {
      throw new IllegalStateException("DynamoDB returned no old item for the claim of key '" + key + "'");
    }
    return ClaimResult.claimed(decodeOrDelete(key, old));
  }

  private Map<String, AttributeValue> read(String key) {
    GetItemResponse response = client.getItem(
        GetItemRequest.builder().tableName(table).key(codec.key(key)).consistentRead(true).build());
    return response.hasItem() ? response.item() : Map.of();
  }

  /** Decodes an item; one that cannot be read is deleted, so that it cannot fail every later claim. */
  private StoredTraceContext decodeOrDelete(String key, Map<String, AttributeValue> item) {
    try {
      return codec.decode(key, item);
    } catch (CorruptEntryException corrupt) {
      try {
        client.deleteItem(DeleteItemRequest.builder().tableName(table).key(codec.key(key)).build());
      } catch (SdkException deleteFailed) {
        corrupt.addSuppressed(deleteFailed);
      }
      throw corrupt;
    }
  }
}
