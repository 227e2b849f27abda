package dev.parkinglot.store.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * A three-node Redis Cluster without replicas on free loopback ports: three redis-servers with
 * {@code --cluster-enabled yes}, joined by {@code redis-cli --cluster create}, ready once every
 * node reports {@code cluster_state:ok}. {@link #close()} stops the nodes.
 */
final class RedisClusterProcess implements AutoCloseable {
  private static final long READY_TIMEOUT_MILLIS = 30_000;

  private final List<RedisServerProcess> nodes;

  private RedisClusterProcess(List<RedisServerProcess> nodes) {
    this.nodes = nodes;
  }

  static RedisClusterProcess start(Path dir) {
    List<RedisServerProcess> nodes = new ArrayList<>();
    RedisClusterProcess cluster = new RedisClusterProcess(nodes);
    try {
      for (int i = 0; i < 3; i++) {
        int port = RedisServerProcess.freePort(true);
        nodes.add(RedisServerProcess.start(dir, port,
            "--cluster-enabled", "yes",
            "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
            "--cluster-node-timeout", "30000"));
      }
      cluster.create();
      cluster.awaitOk();
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The cluster as a store URL: every node, comma-separated. */
  String url() {
    return "redis://" + nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
  }

  List<Integer> ports() {
    return nodes.stream().map(RedisServerProcess::port).collect(Collectors.toList());
  }

  private void create() {
    List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
    nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
    command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(READY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run redis-cli (is it installed?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitOk() {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
    for (RedisServerProcess node : nodes) {
      while (true) {
        String info;
        try (Jedis jedis = new Jedis("127.0.0.1", node.port())) {
          info = jedis.clusterInfo();
        }
        if (info.contains("cluster_state:ok")) {
          break;
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("node " + node.port() + " never reported cluster_state:ok: " + info);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
    }
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (RedisServerProcess node : nodes) {
      try {
        node.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
