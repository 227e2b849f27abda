package dev.parkinglot.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.parkinglot.spi.StoreKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/**
 * A password the application puts into the JDBC URL (which the README advises against: pgjdbc logs
 * the URL at FINE) never reaches the store's own messages, its toString or the log records of
 * this store, whether the URL is malformed or the database cannot be reached.
 */
class JdbcPasswordTest {
  private static final String PASSWORD = "pw-6f1c-topsecret";

  @Test
  void aPasswordInTheUrlIsInNoMessageOfTheStore() {
    List<String> logged = new CopyOnWriteArrayList<>();
    Logger root = Logger.getLogger("dev.parkinglot");
    Level before = root.getLevel();
    SimpleFormatter formatter = new SimpleFormatter();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord record) {
        logged.add(formatter.format(record));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    root.setLevel(Level.ALL);
    root.addHandler(capture);
    try {
      // A port nothing listens on: every operation fails to connect.
      String url = "jdbc:postgresql://127.0.0.1:1/test?user=app&password=" + PASSWORD;
      try (JdbcTraceContextStore store = JdbcTraceContextStore.builder(url)
          .connectionTimeout(Duration.ofMillis(250)).purgeInterval(Duration.ZERO).build()) {
        assertThat(store.toString()).doesNotContain(PASSWORD);
        Throwable failure = catchThrowable(() -> store.exists(StoreKey.of("k")));
        assertThat(failure).isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
          assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
        }
      }

      // An unknown scheme: the message names the scheme only.
      Throwable unknown = catchThrowable(() ->
          JdbcTraceContextStore.builder("jdbc:oracle:thin:app/" + PASSWORD + "@db:1521/x").build());
      assertThat(unknown).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("jdbc:oracle:")
          .hasMessageNotContaining(PASSWORD);
    } finally {
      root.removeHandler(capture);
      root.setLevel(before);
    }
    assertThat(String.join("\n", logged)).doesNotContain(PASSWORD);
  }
}
