package dev.parkinglot;

/** What happens to a parked context when a callback claims it. */
public enum RetrievalMode {
  /**
   * The default: the claim atomically takes the context out of the store. Of any number of
   * concurrent callbacks for one key, exactly one gets it; the others see a miss, or, where the lot
   * detects duplicates, the tombstone the claim left: they link too and are marked duplicates.
   */
  CONSUME_ON_CLAIM,

  /**
   * The context stays until its ttl runs out; every callback that arrives before then links to it.
   * For fan-in flows such as approvals from several approvers.
   */
  KEEP_UNTIL_EXPIRY,

  /**
   * The context is read on claim and deleted only once the handler has succeeded (returned, or its
   * {@code CompletionStage} completed normally). A webhook redelivered after a failed handler still
   * finds its context. Two deliveries racing each other may both link; the first success deletes
   * it (or, where the lot detects duplicates, leaves a tombstone, so a delivery after that success
   * is a duplicate).
   */
  CONSUME_ON_SUCCESS
}
