package dev.parkinglot.tck.selftest;

import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TraceContextStoreTck;
import java.time.Duration;
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
    protected boolean backendHoldsEntry(TraceContextStore store, String key) {
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
        public Optional<StoredTraceContext> take(String key) {
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
        String backendKey(String key) {
          return super.backendKey(key).toLowerCase(Locale.ROOT);
        }
      };
    }
  }

  /** Never checks keys: blank, oversized and control-character keys are stored. */
  static class AcceptsAnyKey extends ReferenceStoreTck {
    @Override
    ReferenceStore newStore(ReferenceBackend backend, TckContext context) {
      return new ReferenceStore(backend, context.clock()) {
        @Override
        String backendKey(String key) {
          return Objects.requireNonNull(key);
        }
      };
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
        .metadata(c.metadata());
  }
}
