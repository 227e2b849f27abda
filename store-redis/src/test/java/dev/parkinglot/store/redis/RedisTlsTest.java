package dev.parkinglot.store.redis;

import dev.parkinglot.spi.ClaimResult;
import dev.parkinglot.spi.Consumption;
import dev.parkinglot.spi.StoreKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoreUnavailableException;
import dev.parkinglot.StoredTraceContext;
import io.opentelemetry.api.trace.TraceFlags;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rediss://} against a redis-server this test starts with TLS only, its certificate issued
 * for 127.0.0.1 by a throwaway CA made with openssl.
 */
class RedisTlsTest {
  @TempDir static Path dir;
  private static RedisServerProcess server;
  private static SSLSocketFactory trustingTestCa;

  private final String key = "tls:" + UUID.randomUUID();
  private final StoredTraceContext entry = StoredTraceContext.builder()
      .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7")
      .traceFlags(TraceFlags.getSampled()).parkedAtMillis(Clock.systemUTC().millis())
      .ttl(Duration.ofMinutes(5))
      .build();

  @BeforeAll
  static void startTlsServer() throws Exception {
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=parking-lot test CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
    openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
    Files.writeString(dir.resolve("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.crt", "-days", "2", "-extfile", "server.ext");
    int port = RedisServerProcess.freePort(false);
    server = RedisServerProcess.start(dir, port,
        "--port", "0", "--tls-port", String.valueOf(port),
        "--tls-cert-file", dir.resolve("server.crt").toString(),
        "--tls-key-file", dir.resolve("server.key").toString(),
        "--tls-ca-cert-file", dir.resolve("ca.crt").toString(),
        "--tls-auth-clients", "no");
    trustingTestCa = socketFactoryTrusting(dir.resolve("ca.crt"));
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void redissWithTheServersCaTrustedRoundTrips() {
    try (RedisTraceContextStore store = RedisTraceContextStore.builder()
        .url("rediss://127.0.0.1:" + server.port()).sslSocketFactory(trustingTestCa).build()) {
      store.save(StoreKey.of(key), entry);
      assertThat(store.load(StoreKey.of(key))).contains(entry);
      assertThat(store.take(StoreKey.of(key))).contains(entry);
      assertThat(store.exists(StoreKey.of(key))).isFalse();

      // The claim's scripts over TLS: claimed, then the redelivery is a duplicate.
      store.save(StoreKey.of(key), entry);
      Consumption consumption = Consumption.of(Clock.systemUTC().instant(), Duration.ofMinutes(1));
      assertThat(store.claim(StoreKey.of(key), consumption).status()).isEqualTo(ClaimResult.Status.CLAIMED);
      assertThat(store.claim(StoreKey.of(key), consumption).context()).contains(entry.asConsumed(consumption));
      store.delete(StoreKey.of(key));
    }
  }

  @Test
  void aCertificateFromAnUnknownCaIsRefused() {
    try (RedisTraceContextStore store = RedisTraceContextStore.builder()
        .url("rediss://127.0.0.1:" + server.port()).timeout(Duration.ofSeconds(1)).build()) {
      assertThatThrownBy(() -> store.save(StoreKey.of(key), entry))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("cannot reach Redis")
          .hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class);
    }
  }

  @Test
  void theHostNameIsVerifiedAgainstTheCertificate() {
    // The certificate names 127.0.0.1 only; "localhost" reaches the same server but must be refused.
    try (RedisTraceContextStore store = RedisTraceContextStore.builder()
        .url("rediss://localhost:" + server.port()).sslSocketFactory(trustingTestCa)
        .timeout(Duration.ofSeconds(1)).build()) {
      assertThatThrownBy(() -> store.load(StoreKey.of(key)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasRootCauseInstanceOf(java.security.cert.CertificateException.class)
          .hasStackTraceContaining("matching localhost");
    }
  }

  @Test
  void aPlainConnectionToTheTlsPortFailsAndAFactoryNeedsRediss() {
    try (RedisTraceContextStore store = RedisTraceContextStore.builder()
        .url("redis://127.0.0.1:" + server.port()).timeout(Duration.ofSeconds(1)).build()) {
      assertThatThrownBy(() -> store.load(StoreKey.of(key))).isInstanceOf(StoreUnavailableException.class);
    }
    assertThatThrownBy(() -> RedisTraceContextStore.builder()
            .url("redis://127.0.0.1:" + server.port()).sslSocketFactory(trustingTestCa).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not rediss://");
  }

  private static SSLSocketFactory socketFactoryTrusting(Path caCertificate) throws GeneralSecurityException, IOException {
    KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
    trustStore.load(null, null);
    try (InputStream in = Files.newInputStream(caCertificate)) {
      trustStore.setCertificateEntry("test-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trustStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context.getSocketFactory();
  }

  private static void openssl(String... args) throws InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run openssl (is it installed?)", e);
    }
  }
}
