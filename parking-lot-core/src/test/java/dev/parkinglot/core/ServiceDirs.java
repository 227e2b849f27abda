package dev.parkinglot.core;

import dev.parkinglot.spi.TraceContextStoreProvider;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Class loaders that see extra provider registrations from a temporary directory, and the test class path. */
final class ServiceDirs {
  private ServiceDirs() {}

  /** A loader over {@code dir} (parent: this test's loader) whose services file lists {@code classNames}. */
  static URLClassLoader withProviders(Path dir, String... classNames) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(TraceContextStoreProvider.class.getName()),
        String.join("\n", classNames) + "\n", StandardCharsets.UTF_8);
    return new URLClassLoader(new URL[] {toUrl(dir)}, ServiceDirs.class.getClassLoader());
  }

  private static URL toUrl(Path dir) throws MalformedURLException {
    return dir.toUri().toURL();
  }
}
