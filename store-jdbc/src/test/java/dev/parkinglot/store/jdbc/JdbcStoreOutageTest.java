package dev.parkinglot.store.jdbc;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import dev.parkinglot.store.jdbc.TestDatabases.Db;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database goes away and comes back, simulated by a TCP proxy in front of the shared server
 * (never stopped): while it is away every operation is a StoreUnavailableException with the
 * driver's exception as cause; once it is back the same store instance works again.
 */
class JdbcStoreOutageTest {
  private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(30);

  private final List<AutoCloseable> cleanup = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  /** A proxy to the server of {@code db}, started, and the server's URL rewritten to go through it. */
  static String proxiedUrl(Db db, TcpProxy[] proxyOut, List<AutoCloseable> cleanup) throws IOException {
    String url = TestDatabases.url(db);
    URI uri = URI.create(url.substring("jdbc:".length()));
    TcpProxy proxy = new TcpProxy(uri.getHost(), uri.getPort());
    proxy.start();
    cleanup.add(proxy);
    proxyOut[0] = proxy;
    return url.replace("//" + uri.getHost() + ":" + uri.getPort() + "/", "//127.0.0.1:" + proxy.port() + "/");
  }

  private JdbcTraceContextStore proxiedStore(Db db, TcpProxy[] proxy, String table) throws Exception {
    TestDatabases.createTable(TestDatabases.pool(db), db, table);
    cleanup.add(() -> TestDatabases.dropTable(TestDatabases.pool(db), table));
    JdbcTraceContextStore store =
        JdbcTraceContextStore.builder(proxiedUrl(db, proxy, cleanup))
            .dialect(db.dialect).table(table).poolSize(2).connectionTimeout(Duration.ofMillis(500))
            .purgeInterval(Duration.ZERO).build();
    cleanup.add(store::close);
    // The first connection is opened lazily within the 500 ms connection timeout: start warm, so
    // that only the outage, not a slow first connect, makes an operation fail.
    awaitWorking(() -> store.exists(StoreKey.of("warm-up")));
    return store;
  }

  private static StoredTraceContext context(long spanId) {
    return JdbcTraceContextStoreTest.context(spanId, Instant.now().toEpochMilli(), Duration.ofHours(1));
  }

  @ParameterizedTest
  @EnumSource(value = Db.class, names = {"POSTGRESQL", "MARIADB", "MYSQL_ON_MARIADB"})
  void everyOperationFailsAsUnavailableWhileTheDatabaseIsAwayAndWorksOnceItIsBack(Db db) throws Exception {
    TcpProxy[] proxy = new TcpProxy[1];
    JdbcTraceContextStore store = proxiedStore(db, proxy, TestDatabases.uniqueTable());
    store.save(StoreKey.of("before"), context(1));
    assertThat(store.load(StoreKey.of("before"))).isPresent();

    proxy[0].stop();

    List<Supplier<Object>> operations =
        List.of(
            () -> {
              store.save(StoreKey.of("during"), context(2));
              return "saved";
            },
            () -> store.load(StoreKey.of("before")),
            () -> store.exists(StoreKey.of("before")),
            () -> store.take(StoreKey.of("before")),
            () -> {
              store.delete(StoreKey.of("before"));
              return "deleted";
            },
            store::purgeExpired);
    for (Supplier<Object> operation : operations) {
      assertThatThrownBy(operation::get)
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("on table " + store.table() + " failed")
          .hasCauseInstanceOf(SQLException.class);
    }

    proxy[0].start();

    assertThat(awaitWorking(() -> store.load(StoreKey.of("before"))))
        .as("the entry saved before the outage is still there")
        .map(StoredTraceContext::spanIdAsLong).contains(1L);
    store.save(StoreKey.of("after"), context(3));
    assertThat(store.take(StoreKey.of("after"))).map(StoredTraceContext::spanIdAsLong).contains(3L);
    assertThat(store.take(StoreKey.of("after"))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = Db.class, names = {"POSTGRESQL", "MARIADB"})
  void aStoreBuiltWhileTheDatabaseIsAwayStartsAndWorksOnceItIsBack(Db db) throws Exception {
    TcpProxy[] proxy = new TcpProxy[1];
    String table = TestDatabases.uniqueTable();
    TestDatabases.createTable(TestDatabases.pool(db), db, table);
    cleanup.add(() -> TestDatabases.dropTable(TestDatabases.pool(db), table));
    String url = proxiedUrl(db, proxy, cleanup);
    proxy[0].stop();

    JdbcTraceContextStore store =
        JdbcTraceContextStore.builder(url).table(table).poolSize(2).connectionTimeout(Duration.ofMillis(500))
            .purgeInterval(Duration.ZERO).build();
    cleanup.add(store::close);
    assertThat(store.dialect()).isEqualTo(db.dialect);
    assertThatThrownBy(() -> store.exists(StoreKey.of("k"))).isInstanceOf(StoreUnavailableException.class);

    proxy[0].start();

    awaitWorking(() -> store.exists(StoreKey.of("k")));
    store.save(StoreKey.of("k"), context(4));
    assertThat(store.take(StoreKey.of("k"))).map(StoredTraceContext::spanIdAsLong).contains(4L);
  }

  /** Retries {@code operation} while it throws StoreUnavailableException, for a bounded time. */
  static <T> T awaitWorking(Supplier<T> operation) throws InterruptedException {
    long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
    while (true) {
      try {
        return operation.get();
      } catch (StoreUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the store did not recover within " + RECOVERY_LIMIT, e);
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }
}
