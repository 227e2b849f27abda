package dev.parkinglot.examples.spring;

import dev.parkinglot.tck.TckBackends;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The shop on PostgreSQL: {@code parkinglot.store=jdbc} on the application's own DataSource
 * ({@code spring.datasource.url} = PARKINGLOT_TCK_POSTGRES_URL; skipped without it, failed under
 * PARKINGLOT_TCK_REQUIRE_ALL=true), in a table of its own.
 */
class PostgresShopTest extends ShopFlowTest {
  private static String url;
  private static final String TABLE = "shop_" + UUID.randomUUID().toString().replace("-", "");

  @Autowired DataSource dataSource;

  @BeforeAll
  static void postgres() {
    url = TckBackends.postgresJdbcUrl();
  }

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> url);
    registry.add("parkinglot.store", () -> "jdbc");
    registry.add("parkinglot.jdbc.table", () -> TABLE);
    registry.add("parkinglot.jdbc.create-table", () -> "true");
  }

  @Override
  void afterFlow() {
    Integer rows = new JdbcTemplate(dataSource).queryForObject("SELECT count(*) FROM " + TABLE, Integer.class);
    org.assertj.core.api.Assertions.assertThat(rows).as("entries and duplicate markers in " + TABLE).isPositive();
  }

  @AfterAll
  static void dropTable(@Autowired DataSource dataSource) {
    new JdbcTemplate(dataSource).execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Override
  String expectedStore() {
    return "jdbc";
  }
}
