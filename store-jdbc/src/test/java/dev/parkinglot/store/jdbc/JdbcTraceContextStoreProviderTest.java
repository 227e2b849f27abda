package dev.parkinglot.store.jdbc;

import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStoreProvider;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JdbcTraceContextStoreProviderTest {
  private static final String PASSWORD = "s3cret-Pa55word";

  private static String h2Url(String options) {
    return "jdbc:h2:mem:provider_" + UUID.randomUUID().toString().replace("-", "") + options;
  }

  @Test
  void serviceLoaderFindsTheProviderUnderTheNameJdbc() {
    assertThat(ServiceLoader.load(TraceContextStoreProvider.class).stream().map(ServiceLoader.Provider::get))
        .filteredOn(provider -> provider.name().equals("jdbc"))
        .singleElement()
        .isInstanceOf(JdbcTraceContextStoreProvider.class);
  }

  @Test
  void createsAWorkingStoreFromSettingsAndEnvironmentVariables() {
    StoreConfig config =
        StoreConfig.builder()
            .property("parkinglot.jdbc.url", h2Url(";DB_CLOSE_DELAY=-1"))
            .property("parkinglot.jdbc.table", "provider_ctx")
            .environment(Map.of("PARKINGLOT_JDBC_CREATE_TABLE", "true", "PARKINGLOT_JDBC_POOL_SIZE", "2",
                "PARKINGLOT_JDBC_PURGE_INTERVAL", "0s"))
            .build();
    try (JdbcTraceContextStore store = new JdbcTraceContextStoreProvider().create(config)) {
      assertThat(store.dialect()).isEqualTo(JdbcDialect.H2);
      assertThat(store.table()).isEqualTo("provider_ctx");
      store.save(StoreKey.of("k"), JdbcTraceContextStoreTest.context(3, Instant.now().toEpochMilli(), Duration.ofMinutes(1)));
      assertThat(store.take(StoreKey.of("k"))).isPresent();
      assertThat(store).hasToString("JdbcTraceContextStore{dialect=h2, table=provider_ctx, ownsPool=true}");
    }
  }

  @Test
  void closingTheStoreClosesThePoolItCreated() throws SQLException {
    // Without DB_CLOSE_DELAY an H2 in-memory database lives only while a connection is open: once the
    // store's pool is closed, the table is gone.
    String url = h2Url("");
    StoreConfig config =
        StoreConfig.of(Map.of("parkinglot.jdbc.url", url, "parkinglot.jdbc.create-table", "true",
            "parkinglot.jdbc.purge-interval", "0s"));
    JdbcTraceContextStore store = new JdbcTraceContextStoreProvider().create(config);
    store.save(StoreKey.of("k"), JdbcTraceContextStoreTest.context(3, Instant.now().toEpochMilli(), Duration.ofMinutes(1)));
    assertThat(tableExists(url)).isTrue();

    store.close();
    store.close();

    assertThat(tableExists(url)).isFalse();
    assertThatThrownBy(() -> store.load(StoreKey.of("k"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  @Test
  void closingTheStoreLeavesTheCallersDataSourceOpen() {
    var pool = TestDatabases.newPool(h2Url(";DB_CLOSE_DELAY=-1"), 2);
    try (pool) {
      JdbcTraceContextStore store =
          JdbcTraceContextStore.builder(pool).createTable(true).purgeInterval(Duration.ZERO).build();
      assertThat(store.dialect()).as("from the HikariDataSource's URL").isEqualTo(JdbcDialect.H2);
      store.close();
      assertThat(pool.isClosed()).isFalse();
      JdbcTraceContextStore again = JdbcTraceContextStore.builder(pool).purgeInterval(Duration.ZERO).build();
      assertThat(again.exists(StoreKey.of("k"))).isFalse();
      again.close();
    }
  }

  private static boolean tableExists(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        var tables = connection.getMetaData().getTables(null, null, "PARKING_LOT_CONTEXT", null)) {
      return tables.next();
    }
  }

  @Test
  void theUrlIsRequiredAndNamedWithItsVariable() {
    assertThatThrownBy(() -> new JdbcTraceContextStoreProvider().create(StoreConfig.of(Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.jdbc.url")
        .hasMessageContaining("PARKINGLOT_JDBC_URL");
  }

  @Test
  void invalidSettingsNameTheirProperty() {
    String url = h2Url("");
    assertThatThrownBy(() -> create(Map.of("parkinglot.jdbc.url", url, "parkinglot.jdbc.table", "t; drop table x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.jdbc.table")
        .hasMessageContaining("'t; drop table x'");
    assertThatThrownBy(() -> create(Map.of("parkinglot.jdbc.url", url, "parkinglot.jdbc.dialect", "oracle")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.jdbc.dialect")
        .hasMessageContaining("'oracle'");
    assertThatThrownBy(() -> create(Map.of("parkinglot.jdbc.url", url, "parkinglot.jdbc.pool-size", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.jdbc.pool-size");
    assertThatThrownBy(() -> create(Map.of("parkinglot.jdbc.url", url, "parkinglot.jdbc.connection-timeout", "10ms")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.jdbc.connection-timeout");
    assertThatThrownBy(() -> create(Map.of("parkinglot.jdbc.url", url, "parkinglot.jdbc.purge-batch-size", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parkinglot.jdbc.purge-batch-size");
  }

  @Test
  void anUnknownUrlNeedsAnExplicitDialectAndTheMessageShowsOnlyTheScheme() {
    assertThatThrownBy(() -> create(Map.of("parkinglot.jdbc.url", "jdbc:sqlserver://db;password=" + PASSWORD)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'jdbc:sqlserver:'")
        .hasMessageContaining("parkinglot.jdbc.dialect")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void thePasswordAppearsInNoMessageWhenTheDatabaseRefusesIt() throws SQLException {
    String url = h2Url(";DB_CLOSE_DELAY=-1");
    try (Connection owner = DriverManager.getConnection(url, "sa", "right-password")) {
      Map<String, String> settings =
          Map.of("parkinglot.jdbc.url", url, "parkinglot.jdbc.user", "sa", "parkinglot.jdbc.password", PASSWORD,
              "parkinglot.jdbc.create-table", "true", "parkinglot.jdbc.connection-timeout", "500ms");
      Throwable thrown = null;
      try {
        create(settings);
      } catch (StoreUnavailableException e) {
        thrown = e;
      }
      assertThat(thrown).isNotNull().hasMessageContaining("cannot create table parking_lot_context");
      for (Throwable t = thrown; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
        assertThat(t.toString()).doesNotContain(PASSWORD);
      }
      assertThat(StoreConfig.of(settings).toString()).doesNotContain(PASSWORD);
      owner.createStatement().execute("SHUTDOWN");
    }
  }

  private static void create(Map<String, String> settings) {
    new JdbcTraceContextStoreProvider().create(StoreConfig.of(settings)).close();
  }
}
