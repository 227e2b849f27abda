package dev.parkinglot.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A TCP forwarder on a loopback port, so a test can take "the database" away and bring it back
 * without touching the shared server: {@link #stop()} closes the listening socket and every
 * forwarded connection (clients see refused and reset connections), {@link #start()} listens again
 * on the same port. Threads are daemons and all end on {@link #close()}.
 */
final class TcpProxy implements AutoCloseable {
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile @Nullable ServerSocket server;
  private int port;

  TcpProxy(String targetHost, int targetPort) {
    this.target = new InetSocketAddress(targetHost, targetPort);
  }

  /** The local port; fixed by the first {@link #start()}. */
  int port() {
    return port;
  }

  synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket listening = new ServerSocket();
    listening.setReuseAddress(true);
    listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    port = listening.getLocalPort();
    server = listening;
    Thread acceptor = new Thread(() -> accept(listening), "tcp-proxy-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void accept(ServerSocket listening) {
    while (!listening.isClosed()) {
      Socket client;
      try {
        client = listening.accept();
      } catch (IOException e) {
        return;
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(target, 2_000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      if (!register(listening, client, upstream)) {
        return;
      }
      pump(client, upstream);
      pump(upstream, client);
    }
  }

  /**
   * Keeps a freshly forwarded pair only if {@code listening} is still the live server socket. A
   * client accepted just before {@link #stop()} would otherwise be added after stop had cut every
   * connection, and "the database" would still answer through it.
   */
  private synchronized boolean register(ServerSocket listening, Socket client, Socket upstream) {
    if (server != listening) {
      closeQuietly(client);
      closeQuietly(upstream);
      return false;
    }
    sockets.add(client);
    sockets.add(upstream);
    return true;
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException e) {
                // One side went away: close both below.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
              }
            },
            "tcp-proxy-pump-" + port);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops listening and cuts every forwarded connection. */
  synchronized void stop() {
    ServerSocket listening = server;
    server = null;
    if (listening != null) {
      closeQuietly(listening);
    }
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  @Override
  public void close() {
    stop();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // Closing is best effort.
    }
  }
}
