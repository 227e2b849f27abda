package dev.parkinglot.tck;

import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/*
 * Layout. This class is the catalogue: one JUnit method per rule, named by its id, each a single
 * call into a package-private class that holds the rule's body (RoundTripRules, OperationRules,
 * ExpiryRules, ConcurrencyRules, DuplicateRules, DuplicateRaceRules, InstanceRules). A store author
 * reads the contract here and the stack trace of a failure points at the body. Every rule gets a
 * fresh TckContext (random prefix and name) and a TckClock standing at the current second plus
 * 487 ms, so that a store that drops the milliseconds is caught; stores created for the rule are
 * closed after it, then cleanUp runs.
 */

/**
 * The store contract as JUnit Jupiter rules. Extend it at test scope, implement {@link
 * #createStore(TckContext)}, and run it with your tests; every {@code required_} and {@code
 * stochastic_} rule must pass, {@code optional_} rules pass where the store declares the capability
 * and are skipped, with a reason, otherwise.
 *
 * <pre>{@code
 * class MyStoreTckTest extends TraceContextStoreTck {
 *   @Override
 *   protected TraceContextStore createStore(TckContext context) {
 *     return new MyStore(TckBackends.redisUrl(), context.clock());
 *   }
 *
 *   @Override
 *   protected boolean backendHoldsEntry(TraceContextStore store, StoreKey key) {
 *     return ((MyStore) store).rawExists(key);
 *   }
 *
 *   @Override
 *   protected boolean sharesEntriesBetweenInstances() {
 *     return true; // a server store: two instances see one backend
 *   }
 * }
 * }</pre>
 *
 * <p>Further hooks, each with a default, make the optional rules run: the error contract ({@link
 * #createUnreachableStore}, {@link #writeCorruptEntry}, {@link #createBoundedStore}, {@link
 * #errorHooksThatCannotApply}) and the provider ({@link #providerName}, {@link #providerSettings},
 * {@link #invalidProviderSettings}). A failing rule's message starts with its name and the contract
 * clause it checks ({@link TckClauses}).
 *
 * <p>Rule ids: {@code rt} round trip, {@code op} operations, {@code key} keys, {@code ttl} expiry,
 * {@code con} concurrency, {@code dup} duplicate detection, {@code err} the error contract, {@code
 * prov} the provider, {@code life} lifecycle, {@code shr} sharing between instances. The
 * catalogue with what to check when a rule fails is {@code store-tck/README.md}. Do not override a
 * rule to make it pass.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
@Timeout(180)
@ExtendWith(TckFailureMessages.class)
public abstract class TraceContextStoreTck {
  private @Nullable TckSession session;

  /** For subclasses: JUnit instantiates the concrete test class that extends this kit. */
  public TraceContextStoreTck() {}

  /**
   * Creates the store under test for one rule. Build it with {@link TckContext#clock()} (it must
   * read time from nothing else) and, for a server store, in the namespace {@link TckContext#name()}
   * where it has one. May be called more than once per rule with the same context. The TCK closes
   * every store it gets from here after the rule.
   *
   * @param context the rule's context: its clock, key prefix and name
   * @return a new store under test
   * @throws org.opentest4j.TestAbortedException (through {@link Assumptions}) when the backend is not
   *     available, as {@link TckBackends} does
   */
  protected abstract TraceContextStore createStore(TckContext context);

  /**
   * Whether the backend itself still holds an entry under {@code key}, asked without the store's
   * expiry check (a raw {@code EXISTS}, a {@code SELECT} without the expiry filter, a peek at the
   * map). Used by {@code stochastic_ttl09}, which checks that the backend removes expired entries by
   * itself. The default aborts that rule with a reason; every built-in store overrides it.
   *
   * @param store a store returned by {@link #createStore(TckContext)}
   * @param key the store key
   * @return true when the backend still holds an entry under {@code key}, expired or not
   */
  protected boolean backendHoldsEntry(TraceContextStore store, StoreKey key) {
    return Assumptions.<Boolean>abort(
        getClass().getSimpleName() + " does not override backendHoldsEntry(store, key), so whether the"
            + " backend removes expired entries by itself cannot be observed");
  }

  /**
   * How long after expiry {@code stochastic_ttl09} waits for the backend to drop an entry; 10 s by
   * default.
   *
   * @return the longest wait for the backend's own expiry
   */
  protected Duration backendExpiryTimeout() {
    return Duration.ofSeconds(10);
  }

  /**
   * Whether two stores created from one context share their entries (true for a server store,
   * false for an in-process one). Decides what {@code required_shr01} checks; false by default.
   *
   * @return true when the stores of one context share their entries
   */
  protected boolean sharesEntriesBetweenInstances() {
    return false;
  }

  /**
   * Threads of the {@code con} rules; 16 by default, at least 2.
   *
   * @return the number of racing threads
   */
  protected int contentionThreadCount() {
    return 16;
  }

  /**
   * Keys raced in {@code stochastic_con01}; 2000 by default. Lower it only for a slow backend.
   *
   * @return the number of keys raced
   */
  protected int contentionKeyCount() {
    return 2000;
  }

  /**
   * Rounds of {@code stochastic_con02} (each one key taken by every thread at once), of {@code
   * stochastic_con04} (each one fresh key saved by every thread at once) and of the barrier phase of
   * {@code optional_dup06}; 200 by default.
   *
   * @return the number of rounds
   */
  protected int contentionRounds() {
    return 200;
  }

  /**
   * How long the racers of {@code stochastic_con01} run at most; 30 s by default (unreached keys
   * are still checked).
   *
   * @return the time limit of the race
   */
  protected Duration contentionTimeLimit() {
    return Duration.ofSeconds(30);
  }

  /**
   * The error-contract hooks this store cannot give at all, each with the reason (an in-process
   * store has no backend to make unreachable and keeps objects, not bytes that could be corrupt).
   * The {@code optional_err} rule of such a hook is not generated for this class, so a run shows
   * neither a pass nor a skip for it, and the reason is published as a JUnit report entry. A hook
   * neither overridden nor named here makes its rule skip with a reason. Empty by default.
   *
   * @return the hooks that cannot apply to this store, with why
   */
  protected Map<TckErrorHook, String> errorHooksThatCannotApply() {
    return Map.of();
  }

  /**
   * A store whose backend cannot be reached (a closed port, an address nothing listens on), built
   * like {@link #createStore(TckContext)} otherwise, with time-outs short enough that each operation
   * fails within seconds. Used by {@code optional_err01}: every operation must throw {@link
   * dev.parkinglot.StoreUnavailableException} with the backend's exception as its cause (creating the
   * store may throw it already). The default skips that rule with a reason.
   *
   * @param context the rule's context
   * @return a store whose backend is unreachable
   */
  protected TraceContextStore createUnreachableStore(TckContext context) {
    return Assumptions.<TraceContextStore>abort(getClass().getSimpleName()
        + " does not override createUnreachableStore(context), so what the store throws when its backend"
        + " cannot be reached is not checked");
  }

  /**
   * Writes, through the backend and not the store, an entry under {@code key} that the store cannot
   * read (bytes that are not the wire format, a row with a malformed column). Used by {@code
   * optional_err02}: load, take and claim of it must throw {@link dev.parkinglot.CorruptEntryException}
   * naming the key. The default skips that rule with a reason.
   *
   * @param store a store returned by {@link #createStore(TckContext)}
   * @param key the key to write the unreadable entry under
   */
  protected void writeCorruptEntry(TraceContextStore store, StoreKey key) {
    Assumptions.abort(getClass().getSimpleName() + " does not override writeCorruptEntry(store, key), so"
        + " what the store throws for an entry it cannot read is not checked");
  }

  /**
   * A store bounded to {@code capacity} entries, otherwise built like {@link
   * #createStore(TckContext)}. Used by {@code optional_err03}: a save of a new key into the full
   * store must throw {@link dev.parkinglot.StoreFullException} with that capacity and evict nothing.
   * The default skips that rule with a reason.
   *
   * @param context the rule's context
   * @param capacity the most entries the store may hold (the TCK asks for 3)
   * @return a bounded store
   */
  protected TraceContextStore createBoundedStore(TckContext context, int capacity) {
    return Assumptions.<TraceContextStore>abort(getClass().getSimpleName()
        + " does not override createBoundedStore(context, capacity), so what a full store does is not"
        + " checked");
  }

  /**
   * The name under which this store's {@link dev.parkinglot.spi.TraceContextStoreProvider} is listed
   * in {@code META-INF/services}, for the {@code optional_prov} rules. The default skips them with a
   * reason (a store used only through its builder has no provider).
   *
   * @return the provider's name, such as {@code redis}
   */
  protected String providerName() {
    return Assumptions.<String>abort(getClass().getSimpleName() + " does not override providerName(), so the"
        + " store's TraceContextStoreProvider (ServiceLoader, name, StoreConfig) is not checked");
  }

  /**
   * The settings ({@code parkinglot.…} properties) with which the provider builds a store of this
   * rule: the backend's address and, where it has one, the namespace {@link TckContext#name()}, so
   * that {@link #cleanUp(TckContext)} removes what it creates. The TCK adds its clock through {@link
   * dev.parkinglot.spi.StoreConfig.Builder#clock}; the environment is not read. Empty by default.
   *
   * @param context the rule's context
   * @return the provider's settings
   */
  protected Map<String, String> providerSettings(TckContext context) {
    return Map.of();
  }

  /**
   * Settings the provider must refuse, property to invalid value (a negative size, a duration
   * without a unit, a malformed URL), each tried on its own over {@link
   * #providerSettings(TckContext)} by {@code optional_prov04}. Empty by default, which skips that
   * rule with a reason.
   *
   * @return invalid settings by property
   */
  protected Map<String, String> invalidProviderSettings() {
    return Map.of();
  }

  /**
   * Called after each rule in which {@link #createStore(TckContext)} returned a store, once the
   * stores are closed, for removing what it created in a backend (a table, a key space). Does
   * nothing by default.
   *
   * @param context the context of the rule that just ran
   */
  protected void cleanUp(TckContext context) {}

  /**
   * Gives the rule a fresh context and clock; runs before any {@code @BeforeEach} of a subclass.
   *
   * @param info JUnit's information about the running rule
   */
  @BeforeEach
  protected final void openTckSession(TestInfo info) {
    String rule = info.getTestMethod().map(Method::getName).orElse(info.getDisplayName());
    TckClock clock = TckClock.at(Instant.now().truncatedTo(ChronoUnit.SECONDS).plusMillis(487));
    session = new TckSession(TckContext.create(rule, clock), clock, this::createStore);
  }

  /**
   * Closes every store created for the rule, then calls {@link #cleanUp(TckContext)}; runs after
   * any {@code @AfterEach} of a subclass.
   *
   * @throws IllegalStateException if closing a store threw; the store's exception is the cause
   */
  @AfterEach
  protected final void closeTckSession() {
    TckSession current = session;
    session = null;
    if (current != null) {
      try {
        current.close();
      } finally {
        if (current.anyStoreCreated()) {
          cleanUp(current.context());
        }
      }
    }
  }

  private TckSession s() {
    TckSession current = session;
    if (current == null) {
      throw new IllegalStateException("no TCK session: rules run only through JUnit");
    }
    return current;
  }

  private int threads() {
    int threads = contentionThreadCount();
    if (threads < 2) {
      throw new IllegalArgumentException("contentionThreadCount() must be at least 2, was " + threads);
    }
    return threads;
  }

  // ---- rt: round trip ----

  /** Every field (ids, flags 0x03, tracestate, baggage, parkedAt and ttl to the ms, metadata) comes back from load. */
  @Test
  public void required_rt01_everyFieldRoundTripsThroughLoad() {
    RoundTripRules.everyFieldRoundTripsThroughLoad(s());
  }

  /** Every field comes back from take. */
  @Test
  public void required_rt02_everyFieldRoundTripsThroughTake() {
    RoundTripRules.everyFieldRoundTripsThroughTake(s());
  }

  /** All eight bits of the trace flags byte come back, 0x00 to 0xff. */
  @Test
  public void required_rt03_wholeFlagsByteRoundTrips() {
    RoundTripRules.wholeFlagsByteRoundTrips(s());
  }

  /** parkedAt and ttl come back to the millisecond, up to the longest ttl. */
  @Test
  public void required_rt04_timesRoundTripToTheMillisecond() {
    RoundTripRules.timesRoundTripToTheMillisecond(s());
  }

  /** A unicode key and metadata in many scripts, emoji and combining marks included, come back. */
  @Test
  public void required_rt05_unicodeKeyAndMetadataRoundTrip() {
    RoundTripRules.unicodeRoundTrips(s());
  }

  /** Keys of the largest allowed length, in ASCII, CJK and emoji, are stored and found. */
  @Test
  public void required_rt06_largestKeysRoundTrip() {
    RoundTripRules.largestKeysRoundTrip(s());
  }

  /** The largest allowed metadata (most entries, longest keys and values) comes back. */
  @Test
  public void required_rt07_largestMetadataRoundTrips() {
    RoundTripRules.largestMetadataRoundTrips(s());
  }

  /** The longest allowed tracestate and baggage come back. */
  @Test
  public void required_rt08_largestTraceStateAndBaggageRoundTrip() {
    RoundTripRules.largestTraceStateAndBaggageRoundTrip(s());
  }

  /** Keys with quotes, backslashes, SQL, JSON and pattern characters are stored and found as given. */
  @Test
  public void required_rt09_awkwardKeysRoundTrip() {
    RoundTripRules.awkwardKeysRoundTrip(s());
  }

  /** Metadata with quotes, backslashes, SQL and JSON fragments and an empty value comes back. */
  @Test
  public void required_rt10_awkwardMetadataRoundTrips() {
    RoundTripRules.awkwardMetadataRoundTrips(s());
  }

  /** Metadata values with control characters (newline, tab, NUL, escape) come back. */
  @Test
  public void required_rt11_controlCharactersInMetadataValuesRoundTrip() {
    RoundTripRules.controlCharactersInMetadataValuesRoundTrip(s());
  }

  // ---- op: operations ----

  /** Load and exists of a key never saved find nothing. */
  @Test
  public void required_op01_missingKeyIsNotFound() {
    OperationRules.missingKeyIsNotFound(s());
  }

  /** Load leaves the entry in place. */
  @Test
  public void required_op02_loadDoesNotRemove() {
    OperationRules.loadDoesNotRemove(s());
  }

  /** A second save under a key replaces the first entry. */
  @Test
  public void required_op03_saveReplacesTheEntry() {
    OperationRules.saveReplacesTheEntry(s());
  }

  /** Delete removes the entry. */
  @Test
  public void required_op04_deleteRemovesTheEntry() {
    OperationRules.deleteRemovesTheEntry(s());
  }

  /** Delete of a missing key, or twice, is not an error. */
  @Test
  public void required_op05_deleteOfMissingKeyDoesNothing() {
    OperationRules.deleteOfMissingKeyDoesNothing(s());
  }

  /** Take returns the entry and removes it. */
  @Test
  public void required_op06_takeReturnsAndRemoves() {
    OperationRules.takeReturnsAndRemoves(s());
  }

  /** Take of a key never saved returns empty. */
  @Test
  public void required_op07_takeOfMissingKeyIsEmpty() {
    OperationRules.takeOfMissingKeyIsEmpty(s());
  }

  /** Exists is true exactly while an entry is there. */
  @Test
  public void required_op08_existsFollowsTheEntry() {
    OperationRules.existsFollowsTheEntry(s());
  }

  /** The same correlation key under two prefixes is two independent entries. */
  @Test
  public void required_op09_keyPrefixesIsolateEntries() {
    OperationRules.keyPrefixesIsolateEntries(s());
  }

  /** Operations on one key leave other keys alone. */
  @Test
  public void required_op10_neighbouringEntriesAreUntouched() {
    OperationRules.neighboursAreUntouched(s());
  }

  /**
   * Keys of one value are one entry, however the value is split between prefix and correlation
   * key; keys of different values are different entries.
   */
  @Test
  public void required_op11_keysOfOneValueAreOneEntry() {
    OperationRules.keysOfOneValueAreOneEntry(s());
  }

  // ---- key: keys ----

  /** A null key (any operation) or a null context (save) throws NullPointerException. */
  @Test
  public void required_key01_nullArgumentsAreRejected() {
    OperationRules.nullArgumentsAreRejected(s());
  }

  /**
   * Keys of the longest length ({@code MAX_STORE_KEY_LENGTH}) that differ only in their last
   * characters, and keys that differ only after 255 chars, are distinct entries: a store that cuts
   * keys to a column's length would make them share one.
   */
  @Test
  public void required_key02_longKeysAreNeverCut() {
    OperationRules.longKeysAreNeverCut(s());
  }

  /** Keys that differ only in case, accents, trailing spaces or a suffix are distinct entries. */
  @Test
  public void required_key03_similarKeysAreDistinct() {
    OperationRules.similarKeysAreDistinct(s());
  }

  /**
   * Lookups with keys up to the read bound, longer than a save writes (an entry another writer
   * parked), find nothing without an error when there is no such entry.
   */
  @Test
  public void required_key04_lookupKeysUpToTheReadBoundAreNeverAnError() {
    OperationRules.lookupKeysUpToTheReadBoundAreNeverAnError(s());
  }

  // ---- ttl: expiry ----

  /** An entry is returned by exists, load and take 1 ms before it expires. */
  @Test
  public void required_ttl01_entryIsLiveUntilItsLastMillisecond() {
    ExpiryRules.entryIsLiveUntilItsLastMillisecond(s());
  }

  /** Exists is false from expiresAt on. */
  @Test
  public void required_ttl02_expiredEntryIsNeverReportedByExists() {
    ExpiryRules.expiredEntryIsNeverReportedByExists(s());
  }

  /** Load finds nothing from expiresAt on. */
  @Test
  public void required_ttl03_expiredEntryIsNeverLoaded() {
    ExpiryRules.expiredEntryIsNeverLoaded(s());
  }

  /** Take returns nothing from expiresAt on. */
  @Test
  public void required_ttl04_expiredEntryIsNeverTaken() {
    ExpiryRules.expiredEntryIsNeverTaken(s());
  }

  /** Two entries with different ttls expire independently. */
  @Test
  public void required_ttl05_ttlIsPerEntry() {
    ExpiryRules.ttlIsPerEntry(s());
  }

  /** A save over an expired entry stores the new entry. */
  @Test
  public void required_ttl06_saveAfterExpiryStoresTheNewEntry() {
    ExpiryRules.saveAfterExpiryStoresTheNewEntry(s());
  }

  /** Expiry is parkedAt + ttl, not the time of the save + ttl. */
  @Test
  public void required_ttl07_expiryCountsFromParkedAtNotFromSave() {
    ExpiryRules.expiryCountsFromParkedAtNotFromSave(s());
  }

  /** An entry saved already expired is accepted and never returned, and replaces a live one. */
  @Test
  public void required_ttl08_alreadyExpiredEntryIsNeverReturned() {
    ExpiryRules.alreadyExpiredEntryIsNeverReturned(s());
  }

  /** The backend itself drops an expired entry (2 s ttl, system clock) within {@link #backendExpiryTimeout()}. */
  @Test
  public void stochastic_ttl09_backendItselfRemovesExpiredEntries() {
    ExpiryRules.backendItselfRemovesExpiredEntries(s(), this::backendHoldsEntry, backendExpiryTimeout());
  }

  /**
   * With the test clock following real time, a 1-hour entry survives while a 2-second entry saved
   * with it expires and the backend's expiry (or the store's sweeper or purge) acts: nothing removes
   * a live entry. Watched for 6 s at least, until {@link #backendHoldsEntry} no longer sees the
   * 2-second entry, and at most for 2 s plus {@link #backendExpiryTimeout()}.
   */
  @Test
  public void stochastic_ttl10_backendExpiryKeepsLiveEntries() {
    ExpiryRules.backendExpiryKeepsLiveEntries(s(), this::backendHoldsEntry, backendExpiryTimeout());
  }

  // ---- con: concurrency ----

  /** Threads racing take over thousands of keys claim every entry exactly once: none lost, none twice. */
  @Test
  public void stochastic_con01_racingTakesClaimEveryEntryExactlyOnce() {
    ConcurrencyRules.racingTakesClaimEveryEntryExactlyOnce(
        s(), contentionKeyCount(), threads(), contentionTimeLimit());
  }

  /** Threads released at once onto one key: exactly one take gets the entry, round after round. */
  @Test
  public void stochastic_con02_simultaneousTakesOfOneKeyHaveOneWinner() {
    ConcurrencyRules.simultaneousTakesOfOneKeyHaveOneWinner(s(), contentionRounds(), threads());
  }

  /** Concurrent saves, loads and takes of distinct keys each see their own entry. */
  @Test
  public void stochastic_con03_concurrentSavesAndTakesOfDistinctKeysDoNotInterfere() {
    ConcurrencyRules.concurrentSavesAndTakesOfDistinctKeysDoNotInterfere(s(), 50, threads());
  }

  /** Threads released at once to save one fresh key all succeed, and one whole entry wins, round after round. */
  @Test
  public void stochastic_con04_concurrentSavesOfOneFreshKeyAllSucceed() {
    ConcurrencyRules.concurrentSavesOfOneFreshKeyAllSucceed(s(), contentionRounds(), threads());
  }

  // ---- dup: duplicate detection (claim and tombstones) ----

  /**
   * Claim of a live entry is CLAIMED with the entry as it was and leaves its tombstone: consumed at
   * the claim's now, original ids, times and metadata, living until now + tombstoneTtl.
   */
  @Test
  public void required_dup01_claimOfLiveEntryReturnsItAndLeavesTombstone() {
    DuplicateRules.claimOfLiveEntryReturnsItAndLeavesTombstone(s());
  }

  /** Later claims are DUPLICATE with the first claim's tombstone, which they leave unchanged. */
  @Test
  public void required_dup02_secondClaimIsDuplicateWithOriginalContext() {
    DuplicateRules.secondClaimIsDuplicateWithOriginalContext(s());
  }

  /** Claim of a missing, deleted, taken or expired entry is NOT_FOUND and writes no tombstone. */
  @Test
  public void required_dup03_claimOfMissingOrExpiredEntryIsNotFoundAndWritesNothing() {
    DuplicateRules.claimOfMissingOrExpiredEntryIsNotFoundAndWritesNothing(s());
  }

  /** A tombstone lives exactly until consumedAt + tombstoneTtl, shorter or longer than the original's life. */
  @Test
  public void required_dup04_tombstoneExpiresAfterItsTtl() {
    DuplicateRules.tombstoneExpiresAfterItsTtl(s());
  }

  /** A tombstone is an ordinary entry to save, load, take and exists, its consumed marker included. */
  @Test
  public void required_dup05_consumedMarkerRoundTrips() {
    DuplicateRules.consumedMarkerRoundTrips(s());
  }

  /**
   * Where the store declares {@link TraceContextStore#claimIsAtomic()}: threads racing claim over
   * many keys, then released at once onto one key: exactly one CLAIMED per entry, every other claim
   * DUPLICATE with the tombstone. Skipped, with the reason, for a store that keeps the SPI's
   * non-atomic default.
   */
  @Test
  public void optional_dup06_racingClaimsHaveExactlyOneFirst() {
    DuplicateRaceRules.racingClaimsHaveExactlyOneFirst(
        s(), contentionKeyCount(), contentionRounds(), threads(), contentionTimeLimit());
  }

  /** A claim with a null consumption or key throws NullPointerException and leaves the entry live. */
  @Test
  public void required_dup07_nullClaimArgumentsAreRejectedAndChangeNothing() {
    DuplicateRules.nullClaimArgumentsAreRejectedAndChangeNothing(s());
  }

  // ---- err: the error contract (optional hooks) ----

  /**
   * With its backend unreachable, every operation throws {@link dev.parkinglot.StoreUnavailableException}
   * with the backend's exception as the cause. Needs {@link #createUnreachableStore(TckContext)}.
   *
   * @param reporter where the reason is published when the hook cannot apply to this store
   * @return the rule, or nothing when the store names the hook in {@link #errorHooksThatCannotApply()}
   */
  @TestFactory
  public Stream<DynamicTest> optional_err01_unreachableBackendThrowsStoreUnavailable(TestReporter reporter) {
    return errorRule(TckErrorHook.UNREACHABLE_BACKEND, "optional_err01_unreachableBackendThrowsStoreUnavailable",
        reporter, () -> ErrorRules.unreachableBackendThrowsStoreUnavailable(s(), this::createUnreachableStore));
  }

  /**
   * An entry the store cannot read makes load, take and claim throw {@link
   * dev.parkinglot.CorruptEntryException} naming the key, and a save over it stores the new entry.
   * Needs {@link #writeCorruptEntry(TraceContextStore, StoreKey)}.
   *
   * @param reporter where the reason is published when the hook cannot apply to this store
   * @return the rule, or nothing when the store names the hook in {@link #errorHooksThatCannotApply()}
   */
  @TestFactory
  public Stream<DynamicTest> optional_err02_corruptEntryThrowsCorruptEntry(TestReporter reporter) {
    return errorRule(TckErrorHook.CORRUPT_ENTRY, "optional_err02_corruptEntryThrowsCorruptEntry",
        reporter, () -> ErrorRules.corruptEntryThrowsCorruptEntry(s(), this::writeCorruptEntry));
  }

  /**
   * A full bounded store refuses a new key with {@link dev.parkinglot.StoreFullException} and its
   * capacity, evicts nothing, still replaces entries, and takes new keys again after a delete. Needs
   * {@link #createBoundedStore(TckContext, int)}.
   *
   * @param reporter where the reason is published when the hook cannot apply to this store
   * @return the rule, or nothing when the store names the hook in {@link #errorHooksThatCannotApply()}
   */
  @TestFactory
  public Stream<DynamicTest> optional_err03_fullStoreRefusesNewKeys(TestReporter reporter) {
    return errorRule(TckErrorHook.FULL_STORE, "optional_err03_fullStoreRefusesNewKeys",
        reporter, () -> ErrorRules.fullStoreRefusesNewKeys(s(), this::createBoundedStore, 3));
  }

  private Stream<DynamicTest> errorRule(
      TckErrorHook hook, String rule, TestReporter reporter, Executable body) {
    String reason = errorHooksThatCannotApply().get(hook);
    if (reason != null) {
      reporter.publishEntry(rule, "not generated: " + hook + " cannot apply to this store: " + reason);
      return Stream.empty();
    }
    URI source = URI.create("method:" + getClass().getName() + "#" + rule
        + "(" + TestReporter.class.getName() + ")");
    return Stream.of(DynamicTest.dynamicTest(rule, source, () -> {
      try {
        body.execute();
      } catch (Throwable thrown) {
        throw TckFailureMessages.rewrite(rule, thrown);
      }
    }));
  }

  // ---- prov: the provider ----

  /** ServiceLoader finds exactly one provider under {@link #providerName()}. */
  @Test
  public void optional_prov01_providerIsFoundByServiceLoaderUnderItsName() {
    ProviderRules.providerIsFoundUnderItsName(providerName(), getClass().getClassLoader());
  }

  /** The provider's name is lowercase letters, digits and '-', starting with a letter, at most 32 chars. */
  @Test
  public void optional_prov02_providerNameFollowsTheRules() {
    ProviderRules.nameFollowsTheRules(providerName(), getClass().getClassLoader());
  }

  /** A store the provider creates decides expiry on {@code config.clock()}. */
  @Test
  public void optional_prov03_configClockDecidesExpiry() {
    ProviderRules.configClockDecidesExpiry(
        s(), providerName(), getClass().getClassLoader(), providerSettings(s().context()));
  }

  /** Each of {@link #invalidProviderSettings()} makes create throw IllegalArgumentException naming the property. */
  @Test
  public void optional_prov04_badSettingFailsNamingTheProperty() {
    String name = providerName();
    Map<String, String> invalid = invalidProviderSettings();
    Assumptions.assumeFalse(invalid.isEmpty(), () -> getClass().getSimpleName()
        + " does not override invalidProviderSettings(), so how the provider refuses a bad setting is not checked");
    ProviderRules.badSettingFailsNamingTheProperty(
        s(), name, getClass().getClassLoader(), providerSettings(s().context()), invalid);
  }

  /** A store the provider creates from {@link #providerSettings(TckContext)} saves, loads and takes an entry. */
  @Test
  public void optional_prov05_storeFromConfigRoundTrips() {
    ProviderRules.storeFromConfigRoundTrips(
        s(), providerName(), getClass().getClassLoader(), providerSettings(s().context()));
  }

  // ---- life and shr: instances ----

  /** Close twice does not throw. */
  @Test
  public void required_life01_closeIsIdempotent() {
    InstanceRules.closeIsIdempotent(s());
  }

  /**
   * Two instances on one context behave as {@link #sharesEntriesBetweenInstances()} declares: a
   * server store's second instance loads and takes what the first saved; an in-process store's
   * second instance sees nothing of the first's entries and leaves them alone.
   */
  @Test
  public void required_shr01_instancesShareEntriesAsDeclared() {
    if (sharesEntriesBetweenInstances()) {
      InstanceRules.secondInstanceSeesTheSameEntries(s());
    } else {
      InstanceRules.secondInstanceKeepsItsOwnEntries(s());
    }
  }
}
