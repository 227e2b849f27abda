package dev.parkinglot.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private redis-server on a free loopback port, for tests that stop and restart their server:
 * {@code --save "" --appendonly no --daemonize yes --pidfile …}. {@link #stop()} ends it by its pid;
 * a shutdown hook ends it too if a test run dies before its {@code @AfterAll}.
 */
final class RedisServerProcess implements AutoCloseable {
  private static final long START_TIMEOUT_MILLIS = 10_000;

  private final Path dir;
  private final int port;
  private final List<String> extraArgs;
  private final Path pidFile;
  private final Thread shutdownHook;

  private RedisServerProcess(Path dir, int port, List<String> extraArgs) {
    this.dir = dir;
    this.port = port;
    this.extraArgs = List.copyOf(extraArgs);
    this.pidFile = dir.resolve("redis-" + port + ".pid");
    this.shutdownHook = new Thread(this::stopQuietly, "stop-redis-" + port);
  }

  /** Starts a server on a free port; {@code extraArgs} are more redis-server options. */
  static RedisServerProcess start(Path dir, String... extraArgs) {
    return start(dir, freePort(false), extraArgs);
  }

  /** Starts a server on {@code port}. */
  static RedisServerProcess start(Path dir, int port, String... extraArgs) {
    RedisServerProcess server = new RedisServerProcess(dir, port, List.of(extraArgs));
    Runtime.getRuntime().addShutdownHook(server.shutdownHook);
    server.launch();
    return server;
  }

  /**
   * A loopback port that is free now; with {@code clusterBus}, port + 10000 (Redis Cluster's bus
   * port) is free too.
   */
  static int freePort(boolean clusterBus) {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (!clusterBus) {
          return port;
        }
        if (port + 10_000 <= 65_535 && isFree(port + 10_000)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free loopback port found");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }

  int port() {
    return port;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server again on the same port, with the same options. */
  void restart() {
    launch();
  }

  private void launch() {
    List<String> command = new ArrayList<>(List.of(
        "redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--daemonize", "yes",
        "--pidfile", pidFile.toString(), "--dir", dir.toString(),
        "--logfile", dir.resolve("redis-" + port + ".log").toString()));
    command.addAll(extraArgs);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(START_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("redis-server on port " + port + " did not start: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run redis-server (is it installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
    while (!accepts()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("redis-server on port " + port + " does not accept connections");
      }
      sleep(10);
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return Files.exists(pidFile);
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits until its port is closed. */
  void stop() {
    Optional<ProcessHandle> handle = pid().flatMap(ProcessHandle::of);
    if (handle.isEmpty()) {
      return;
    }
    ProcessHandle process = handle.get();
    process.destroy();
    try {
      process.onExit().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      try {
        process.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // Reported below if the port stays open.
      }
    }
    long deadline = System.currentTimeMillis() + 5_000;
    while (accepts()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("redis-server on port " + port + " did not stop");
      }
      sleep(10);
    }
  }

  private Optional<Long> pid() {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private void stopQuietly() {
    try {
      stop();
    } catch (RuntimeException ignored) {
      // Best effort at JVM exit.
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException ignored) {
      // The JVM is already shutting down.
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
