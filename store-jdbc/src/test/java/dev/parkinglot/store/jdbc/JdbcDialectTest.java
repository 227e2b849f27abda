package dev.parkinglot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcDialectTest {

  @Test
  void theUrlPrefixChoosesTheDialectInAnyCase() {
    assertThat(JdbcDialect.fromJdbcUrl("jdbc:postgresql://db:5432/app?user=x")).contains(JdbcDialect.POSTGRESQL);
    assertThat(JdbcDialect.fromJdbcUrl("jdbc:mariadb://db/app")).contains(JdbcDialect.MARIADB);
    assertThat(JdbcDialect.fromJdbcUrl("jdbc:mysql://db/app")).contains(JdbcDialect.MYSQL);
    assertThat(JdbcDialect.fromJdbcUrl("jdbc:h2:mem:x")).contains(JdbcDialect.H2);
    assertThat(JdbcDialect.fromJdbcUrl("JDBC:PostgreSQL://db/app")).contains(JdbcDialect.POSTGRESQL);
    assertThat(JdbcDialect.fromJdbcUrl("jdbc:sqlserver://db")).isEmpty();
    assertThat(JdbcDialect.fromJdbcUrl("jdbc:h2x:mem")).isEmpty();
  }

  @Test
  void namesAreTheConfigurationValuesAndUnknownNamesAreListed() {
    for (JdbcDialect dialect : JdbcDialect.values()) {
      assertThat(JdbcDialect.fromName(dialect.dialectName().toUpperCase(java.util.Locale.ROOT))).isEqualTo(dialect);
    }
    assertThatThrownBy(() -> JdbcDialect.fromName("oracle"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'oracle'")
        .hasMessageContaining("postgresql, mariadb, mysql and h2");
  }

  @Test
  void productNamesMapToDialects() {
    assertThat(JdbcDialect.fromProductName("PostgreSQL")).contains(JdbcDialect.POSTGRESQL);
    assertThat(JdbcDialect.fromProductName("MariaDB")).contains(JdbcDialect.MARIADB);
    assertThat(JdbcDialect.fromProductName("MySQL")).contains(JdbcDialect.MYSQL);
    assertThat(JdbcDialect.fromProductName("H2")).contains(JdbcDialect.H2);
    assertThat(JdbcDialect.fromProductName("Oracle")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void theDdlCreatesTheTableAndAnExpiryIndexUnderTheGivenName(JdbcDialect dialect) {
    List<String> statements = dialect.createTableStatements("app.parking_lot_context");

    String all = String.join("\n", statements);
    assertThat(all).doesNotContain("${").doesNotContain("--");
    assertThat(statements.get(0))
        .startsWith("CREATE TABLE IF NOT EXISTS app.parking_lot_context (")
        .contains("store_key", "VARCHAR(320)", "expires_at", "trace_id_high", "trace_id_low", "span_id",
            "trace_flags", "trace_state", "baggage", "parked_at", "ttl_ms", "metadata", "consumed_at");
    assertThat(all).contains("parking_lot_context_exp_idx").containsPattern("(?s)INDEX.*\\(expires_at\\)");
    assertThat(statements).allSatisfy(sql -> assertThat(sql).doesNotEndWith(";"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"t; DROP TABLE users", "t --", "\"t\"", "t'"})
  void theDdlRefusesATableNameThatIsNotAnIdentifier(String table) {
    assertThatThrownBy(() -> JdbcDialect.POSTGRESQL.createTableSql(table))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an SQL identifier");
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void everyStatementBindsValuesAndNamesOnlyTheTable(JdbcDialect dialect) {
    String table = "s.t";
    for (String sql : List.of(dialect.upsertSql(table), dialect.selectSql(table), dialect.existsSql(table),
        dialect.deleteSql(table), dialect.takeSql(table), dialect.purgeSql(table))) {
      assertThat(sql).contains(" s.t").doesNotContain("'");
    }
    assertThat(dialect.upsertSql(table).chars().filter(c -> c == '?')).hasSize(12);
    assertThat(dialect.claimSql(table)).contains(" s.t").doesNotContain("'");
    assertThat(dialect.tombstoneSql(table)).startsWith("UPDATE s.t SET consumed_at = ?");
    int claimParameters = dialect.claimStyle() == JdbcDialect.ClaimStyle.ONE_STATEMENT ? 8
        : dialect.claimStyle() == JdbcDialect.ClaimStyle.UPDATE_THEN_SELECT ? 7 : 2;
    assertThat(dialect.claimSql(table).chars().filter(c -> c == '?')).hasSize(claimParameters);
    assertThat(dialect.takeSql(table).chars().filter(c -> c == '?')).hasSize(2);
    assertThat(dialect.purgeSql(table).chars().filter(c -> c == '?'))
        .hasSize(dialect.purgeBindsNowTwice() ? 3 : 2);
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void theReadmeShowsTheDdlThatShipsInTheJar(JdbcDialect dialect) throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    for (String statement : dialect.createTableStatements("parking_lot_context")) {
      assertThat(readme).contains(statement + ";");
    }
  }

  @Test
  void onlyMysqlTakesInATransaction() {
    assertThat(JdbcDialect.MYSQL.takeInTransaction()).isTrue();
    assertThat(JdbcDialect.MYSQL.takeSql("t")).endsWith("FOR UPDATE");
    assertThat(JdbcDialect.POSTGRESQL.takeInTransaction()).isFalse();
    assertThat(JdbcDialect.POSTGRESQL.takeSql("t")).startsWith("DELETE FROM t ").contains(" RETURNING ");
    assertThat(JdbcDialect.MARIADB.takeSql("t")).startsWith("DELETE FROM t ").contains(" RETURNING ");
    assertThat(JdbcDialect.H2.takeSql("t")).contains("FROM OLD TABLE (DELETE FROM t ");
  }

  @Test
  void theStatementTimeoutIsTheServersOwnSessionSetting() {
    assertThat(JdbcDialect.POSTGRESQL.statementTimeoutSql(2_000)).isEqualTo("SET statement_timeout = 2000");
    assertThat(JdbcDialect.MARIADB.statementTimeoutSql(2_500)).isEqualTo("SET SESSION max_statement_time = 2.500");
    assertThat(JdbcDialect.MYSQL.statementTimeoutSql(2_000)).isEqualTo("SET SESSION max_execution_time = 2000");
    assertThat(JdbcDialect.H2.statementTimeoutSql(2_000)).isEqualTo("SET QUERY_TIMEOUT 2000");
  }

  @Test
  void theStatementTimeoutIsZeroOrAtLeastOneMillisecondAndConfiguresTheStoresOwnPoolOnly() {
    assertThatThrownBy(() -> JdbcTraceContextStore.builder("jdbc:h2:mem:x").statementTimeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("statementTimeout must be zero (off) or at least 1 ms, was PT-0.001S");
    assertThatThrownBy(() -> JdbcTraceContextStore.builder(new org.h2.jdbcx.JdbcDataSource())
        .statementTimeout(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("statementTimeout configure the store's own pool");
  }
}
