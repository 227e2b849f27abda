package dev.parkinglot.tck.selftest;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TckErrorHook;
import dev.parkinglot.tck.TraceContextStoreTck;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/*
 * The TCK run against stores, each a real implementation of the SPI with one deliberate fault.
 * They are nested classes of a class whose name matches no test pattern, so Surefire never runs
 * them on their own; TraceContextStoreTckSelfTest runs each through the JUnit Platform Launcher and
 * checks which rules fail.
 */

/** The subjects of the TCK's self-test: the TCK extended for a correct store and for broken ones. */
final class Subjects {
  private Subjects() {}

  /** The TCK for a {@link ReferenceStore} or a variant of it, as a store author would write it. */
  abstract static class ReferenceStoreTck extends TraceContextStoreTck {
    abstract ReferenceStore newStore(ReferenceBackend backend, TckContext context);

    boolean backendSweeps() {
      return true;
    }

    @Override
    protected TraceContextStore createStore(TckContext context) {
      return newStore(ReferenceBackend.named(context.name(), backendSweeps()), context);
    }

    @Override
    protected boolean backendHoldsEntry(TraceContextStore store, StoreKey key) {
      return ((ReferenceStore) store).backendHolds(key);
    }

    @Override
    protected Duration backendExpiryTimeout() {
      return Duration.ofSeconds(3);
    }

    @Override
    protected boolean sharesEntriesBetweenInstances() {
      return true;
    }

    @Override
    protected void cleanUp(TckContext context) {
      ReferenceBackend.drop(context.name());
    }

    @Override
    protected String providerName() {
      return "tck-reference";
    }

    @Override
    protected Map<String, String> providerSettings(TckContext context) {
      return Map.of(ReferenceStoreProvider.NAMESPACE, context.name());
    }

    @Override
    protected Map<String, String> invalidProviderSettings() {
      return Map.of(ReferenceStoreProvider.SWEEPS, "sometimes");
    }

    @Override
    protected TraceContextStore createUnreachableStore(TckContext context) {
      ReferenceBackend down = ReferenceBackend.unnamed();
      down.down = true;
      return newStore(down, context);
    }

    @Override
    protected void writeCorruptEntry(TraceContextStore store, StoreKey key) {
      ReferenceStore reference = (ReferenceStore) store;
      reference.backend.entries.remove(reference.backendKey(key));
      reference.backend.unreadable.add(reference.backendKey(key));
    }

    @Override
    protected TraceContextStore createBoundedStore(TckContext context, int capacity) {
      ReferenceBackend bounded = ReferenceBackend.unnamed();
      bounded.capacity = capacity;
      return newStore(bounded, context);
    }
  }

  /** A correct store: passes every rule. */
  static class CorrectStore extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock());
    }
  }

  /** Take is a load, a short pause, then a delete: two racing takes both get the entry. */
  static class NonAtomicTake extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        public Optional<StoredTraceContext> take(StoreKey key) {
          Optional<StoredTraceContext> found = load(key);
          if (found.isPresent()) {
            LockSupport.parkNanos(200_000);
            delete(key);
          }
          return found;
        }
      };
    }
  }

  /** Never checks expiry on read, and its backend never drops anything. */
  static class NeverExpires extends ReferenceStoreTck {
    @Override
    boolean backendSweeps() {
      return false;
    }

    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        boolean isExpired(String key, StoredTraceContext context) {
          return false;
        }
      };
    }
  }

  /** Counts the ttl from the moment of the save instead of from parkedAt. */
  static class ExpiresFromSaveTime extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      Map<String, Long> savedAt = new ConcurrentHashMap<>();
      return new ReferenceStore(backend, context.clock()) {
        @Override
        StoredTraceContext stored(String key, StoredTraceContext stored) {
          savedAt.put(key, clock.millis());
          return stored;
        }

        @Override
        boolean isExpired(String key, StoredTraceContext stored) {
          Long saved = savedAt.get(key);
          return saved != null && clock.millis() >= saved + stored.ttlMillis();
        }
      };
    }
  }

  /** Loses the tracestate on save, as the original module does. */
  static class DropsTraceState extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        StoredTraceContext stored(String key, StoredTraceContext stored) {
          return copy(stored).traceState("").build();
        }
      };
    }
  }

  /** Keeps only the sampled bit of the trace flags. */
  static class DropsHighFlagBits extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        StoredTraceContext stored(String key, StoredTraceContext stored) {
          return copy(stored).traceFlags((byte) (stored.traceFlags().asByte() & 0x01)).build();
        }
      };
    }
  }

  /** Compares keys without case, like a case-insensitive collation. */
  static class CaseInsensitiveKeys extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        String backendKey(StoreKey key) {
          return super.backendKey(key).toLowerCase(Locale.ROOT);
        }
      };
    }
  }

  /** Cuts keys to 255 chars, as a VARCHAR(255) column in MariaDB's non-strict mode does. */
  static class CutsKeysAt255 extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        String backendKey(StoreKey key) {
          String value = super.backendKey(key);
          return value.length() > 255 ? value.substring(0, 255) : value;
        }
      };
    }
  }

  /** Keeps entries by prefix and correlation key apart: one key split elsewhere is another entry. */
  static class KeysByTheirParts extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        String backendKey(StoreKey key) {
          return key.prefix() + "\u0000" + key.correlationKey();
        }
      };
    }
  }

  /**
   * Keeps the SPI's default claim (a take, then a save) but declares it atomic. Its save costs a
   * round trip of 100 µs, as a network store's does, which is the window between the two steps.
   */
  static class DefaultClaimDeclaredAtomic extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        public void save(StoreKey key, StoredTraceContext stored) {
          LockSupport.parkNanos(100_000);
          super.save(key, stored);
        }

        @Override
        public ClaimResult claim(StoreKey key, Consumption consumption) {
          return defaultClaim(key, consumption);
        }
      };
    }
  }

  /** Keeps the SPI's default claim and says so: correct, with the race rule skipped. */
  static class DefaultClaim extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        public ClaimResult claim(StoreKey key, Consumption consumption) {
          return defaultClaim(key, consumption);
        }

        @Override
        public boolean claimIsAtomic() {
          return false;
        }
      };
    }
  }

  /** Claim removes a live entry and leaves no tombstone behind (a claim that is a take). */
  static class ForgetsTombstone extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        ClaimResult claimChecked(String backendKey, Consumption consumption) {
          ClaimResult[] result = {ClaimResult.notFound()};
          backend.entries.computeIfPresent(backendKey, (k, current) -> {
            if (isExpired(k, current)) {
              return current;
            }
            result[0] = current.isConsumed() ? ClaimResult.duplicate(current) : ClaimResult.claimed(current);
            return current.isConsumed() ? current : null;
          });
          return result[0];
        }
      };
    }
  }

  /** Marks the tombstone consumed but keeps the original's expiry instead of the consumption's. */
  static class TombstoneKeepsOriginalExpiry extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        StoredTraceContext tombstone(StoredTraceContext live, Consumption consumption) {
          return copy(live).consumedAtMillis(consumption.consumedAtMillis()).build();
        }
      };
    }
  }

  /** Claim forgets the expiry check: an expired entry, or an expired tombstone, is still claimed. */
  static class ClaimsExpiredEntries extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        private final ThreadLocal<Boolean> claiming = ThreadLocal.withInitial(() -> false);

        @Override
        ClaimResult claimChecked(String backendKey, Consumption consumption) {
          claiming.set(true);
          try {
            return super.claimChecked(backendKey, consumption);
          } finally {
            claiming.set(false);
          }
        }

        @Override
        boolean isExpired(String key, StoredTraceContext stored) {
          return !claiming.get() && super.isExpired(key, stored);
        }
      };
    }
  }

  /** A save over a tombstone keeps its consumed marker, as an upsert that forgets a column would. */
  static class SaveKeepsConsumedMarker extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        public void save(StoreKey key, StoredTraceContext stored) {
          StoredTraceContext previous = backend.entries.get(backendKey(key));
          if (previous != null && previous.isConsumed() && !stored.isConsumed()) {
            super.save(key, copy(stored).consumedAtMillis(previous.consumedAtMillis()).build());
          } else {
            super.save(key, stored);
          }
        }
      };
    }
  }

  /**
   * Gives the backend a real-time ttl capped at a max-ttl setting of 4500, meant as seconds and read
   * as milliseconds: a 2-second entry expires right, an hour-long one is gone after 4.5 s.
   */
  static class BackendTtlCappedAt4500Ms extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        public void save(StoreKey key, StoredTraceContext stored) {
          super.save(key, stored);
          long remaining = stored.expiresAtMillis() - clock.millis();
          backend.realDeadlines.put(backendKey(key), System.currentTimeMillis() + Math.min(remaining, 4500));
        }
      };
    }
  }

  /**
   * Saves as "UPDATE, then INSERT if nothing was updated", with a backend round trip between the
   * two: of racing saves of a fresh key, all but one fail on the unique key.
   */
  static class UpdateThenInsert extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        public void save(StoreKey key, StoredTraceContext stored) {
          String k = backendKey(key);
          Objects.requireNonNull(stored, "context must not be null");
          beforeWrite(k);
          if (backend.entries.replace(k, stored) != null) {
            return;
          }
          LockSupport.parkNanos(100_000);
          if (backend.entries.putIfAbsent(k, stored) != null) {
            throw new IllegalStateException("duplicate key value violates unique constraint on '" + k + "'");
          }
        }
      };
    }
  }

  /** Lets the backend's connection exception through instead of a StoreUnavailableException. */
  static class LeaksConnectionErrors extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        RuntimeException unavailable(String operation, RuntimeException backendException) {
          return backendException;
        }
      };
    }
  }

  /** Lets the decoder's exception through instead of a CorruptEntryException. */
  static class LeaksDecodeErrors extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        RuntimeException corrupt(StoreKey key, RuntimeException decoderException) {
          return decoderException;
        }
      };
    }
  }

  /** At its bound, evicts some other entry to make room, as a cache does, instead of refusing. */
  static class EvictsWhenFull extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        public void save(StoreKey key, StoredTraceContext stored) {
          String k = backendKey(key);
          if (!backend.entries.containsKey(k) && backend.entries.size() >= backend.capacity) {
            backend.entries.keySet().stream().findFirst().ifPresent(backend.entries::remove);
          }
          super.save(key, stored);
        }
      };
    }
  }

  /** A correct store that names every error hook as one that cannot apply, as an in-process store would. */
  static class ErrorHooksCannotApply extends CorrectStore {
    @Override
    protected Map<TckErrorHook, String> errorHooksThatCannotApply() {
      Map<TckErrorHook, String> reasons = new java.util.EnumMap<>(TckErrorHook.class);
      for (TckErrorHook hook : TckErrorHook.values()) {
        reasons.put(hook, "the self-test says so");
      }
      return reasons;
    }
  }

  /** A correct store whose provider ignores config.clock() and builds it on the system clock. */
  static class ProviderIgnoresConfigClock extends CorrectStore {
    @Override
    protected String providerName() {
      return "tck-reference-system-clock";
    }
  }

  private static StoredTraceContext.Builder copy(StoredTraceContext c) {
    return StoredTraceContext.builder()
        .traceId(c.traceIdHigh(), c.traceIdLow())
        .spanId(c.spanIdAsLong())
        .traceFlags(c.traceFlags().asByte())
        .traceState(c.traceState())
        .baggage(c.baggage())
        .parkedAtMillis(c.parkedAtMillis())
        .ttlMillis(c.ttlMillis())
        .metadata(c.metadata())
        .consumedAtMillis(c.consumedAtMillis());
  }
}
