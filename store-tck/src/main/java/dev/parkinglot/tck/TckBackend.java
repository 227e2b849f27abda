package dev.parkinglot.tck;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The servers the built-in stores are tested against, and how to find or start each. Not public API. */
enum TckBackend {
  REDIS("Redis", TckBackends.REDIS_URL_VARIABLE, "redis://127.0.0.1:6379", "redis:7", 6379, Map.of(),
      ".*Ready to accept connections.*\\n", 1) {
    @Override
    String url(String host, int port) {
      return "redis://" + host + ":" + port;
    }
  },
  POSTGRES("PostgreSQL", TckBackends.POSTGRES_URL_VARIABLE,
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "postgres:16", 5432,
      Map.of("POSTGRES_HOST_AUTH_METHOD", "trust", "POSTGRES_DB", "test"),
      // The image's init runs a temporary server first, which logs the same line once.
      ".*database system is ready to accept connections.*\\n", 2) {
    @Override
    String url(String host, int port) {
      return "jdbc:postgresql://" + host + ":" + port + "/test?user=postgres";
    }
  },
  MARIADB("MariaDB", TckBackends.MARIADB_URL_VARIABLE,
      "jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable", "mariadb:11", 3306,
      Map.of("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1", "MARIADB_DATABASE", "test"),
      // The init's temporary server runs without networking; only the real one opens the port.
      null, 0) {
    @Override
    String url(String host, int port) {
      return "jdbc:mariadb://" + host + ":" + port + "/test?user=root&sslMode=disable";
    }
  },
  DYNAMODB("DynamoDB", TckBackends.DYNAMODB_ENDPOINT_VARIABLE, "http://127.0.0.1:8000",
      "amazon/dynamodb-local", 8000, Map.of(), null, 0) {
    @Override
    String url(String host, int port) {
      return "http://" + host + ":" + port;
    }
  };

  final String displayName;
  final String variable;
  final String example;
  final String image;
  final int port;
  final Map<String, String> containerEnvironment;
  /** A log line that says the server is ready, or null to wait for the port to listen. */
  final @Nullable String readyLogPattern;
  final int readyLogTimes;

  TckBackend(String displayName, String variable, String example, String image, int port,
      Map<String, String> containerEnvironment, @Nullable String readyLogPattern, int readyLogTimes) {
    this.displayName = displayName;
    this.variable = variable;
    this.example = example;
    this.image = image;
    this.port = port;
    this.containerEnvironment = containerEnvironment;
    this.readyLogPattern = readyLogPattern;
    this.readyLogTimes = readyLogTimes;
  }

  /** The URL or endpoint of a server of this kind at {@code host:port}. */
  abstract String url(String host, int port);
}
