package dev.parkinglot.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions a compat module's Spring Boot parent manages, from that module's
 * {@code expected-versions.properties}: the shared tests assert that the class path holds them.
 */
final class CompatVersions {
  private CompatVersions() {}

  static Properties expected() {
    Properties properties = new Properties();
    try (InputStream in = CompatVersions.class.getResourceAsStream("/expected-versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("no expected-versions.properties in this compat module's test resources");
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
