package dev.parkinglot.store.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.HostAndPort;

/*
 * Why a parser of our own: java.net.URI cannot hold the comma-separated host list of a cluster
 * URL (its authority becomes registry-based and loses host and port), and Jedis' own URI helpers
 * accept one host only. The grammar is small:
 *
 *   [redis:// | rediss://] [user[:password]@] host[:port] [,host[:port]]... [/database]
 *
 * User and password are percent-decoded. IPv6 hosts are written in brackets. Every message this
 * class produces shows the URL redacted (redact), never the password, also when the URL is
 * malformed so that the password is not where it belongs (?password=…, a missing @host).
 */

/** A parsed {@code redis://} or {@code rediss://} URL. Immutable; package-private. */
final class RedisEndpoint {
  static final int DEFAULT_PORT = 6379;

  private final boolean tls;
  private final @Nullable String user;
  private final @Nullable String password;
  private final List<HostAndPort> nodes;
  private final int database;
  private final boolean databaseGiven;

  private RedisEndpoint(
      boolean tls, @Nullable String user, @Nullable String password, List<HostAndPort> nodes,
      int database, boolean databaseGiven) {
    this.tls = tls;
    this.user = user;
    this.password = password;
    this.nodes = List.copyOf(nodes);
    this.database = database;
    this.databaseGiven = databaseGiven;
  }

  /**
   * Parses a URL.
   *
   * @throws IllegalArgumentException if it is malformed; the message shows it with the password
   *     replaced by {@code ***}
   */
  static RedisEndpoint parse(String url) {
    Objects.requireNonNull(url, "url must not be null");
    String text = url.trim();
    String redacted = redact(text);
    boolean tls = false;
    int schemeEnd = text.indexOf("://");
    if (schemeEnd >= 0) {
      String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
      if (scheme.equals("rediss")) {
        tls = true;
      } else if (!scheme.equals("redis")) {
        throw invalid(redacted, "the scheme must be redis:// or rediss://, was " + scheme + "://");
      }
      text = text.substring(schemeEnd + 3);
    }
    if (text.indexOf('?') >= 0 || text.indexOf('#') >= 0) {
      throw invalid(redacted, "query parameters are not supported; use the parkinglot.redis.* settings");
    }
    String user = null;
    String password = null;
    int at = text.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = text.substring(0, at);
      text = text.substring(at + 1);
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        // Clients disagree on whether redis://word@host names a user or a password; guessing wrong
        // would print a password as a user name, so the colon is required.
        throw invalid(redacted, "write credentials as redis://user:password@host or redis://:password@host");
      }
      String rawUser = userInfo.substring(0, colon);
      String rawPassword = userInfo.substring(colon + 1);
      user = rawUser.isEmpty() ? null : percentDecode(rawUser, redacted, "user");
      password = rawPassword.isEmpty() ? null : percentDecode(rawPassword, redacted, "password");
    }
    int database = 0;
    boolean databaseGiven = false;
    int slash = text.indexOf('/');
    if (slash >= 0) {
      String db = text.substring(slash + 1);
      text = text.substring(0, slash);
      if (!db.isEmpty()) {
        try {
          database = Integer.parseInt(db);
        } catch (NumberFormatException e) {
          // Not echoed: without its @host, redis://user:pass/word puts part of a password here.
          throw invalid(redacted, "the database index must be a number");
        }
        if (database < 0) {
          throw invalid(redacted, "the database index must not be negative, was " + database);
        }
        databaseGiven = true;
      }
    }
    List<HostAndPort> nodes = new ArrayList<>();
    for (String node : text.split(",", -1)) {
      nodes.add(parseNode(node.trim(), redacted));
    }
    return new RedisEndpoint(tls, user, password, nodes, database, databaseGiven);
  }

  private static HostAndPort parseNode(String node, String redacted) {
    if (node.isEmpty()) {
      throw invalid(redacted, "a host is missing");
    }
    String host;
    String port = null;
    if (node.startsWith("[")) {
      int close = node.indexOf(']');
      if (close < 0) {
        throw invalid(redacted, "an IPv6 host lacks its closing bracket");
      }
      host = node.substring(1, close);
      String rest = node.substring(close + 1);
      if (!rest.isEmpty()) {
        if (!rest.startsWith(":")) {
          throw invalid(redacted, "unexpected text after the IPv6 host " + host);
        }
        port = rest.substring(1);
      }
    } else {
      int colon = node.lastIndexOf(':');
      if (colon >= 0 && node.indexOf(':') != colon) {
        throw invalid(redacted, "write IPv6 hosts in brackets, as [::1]:6379");
      }
      host = colon >= 0 ? node.substring(0, colon) : node;
      port = colon >= 0 ? node.substring(colon + 1) : null;
    }
    if (host.isEmpty()) {
      throw invalid(redacted, "a host is missing");
    }
    int portNumber = DEFAULT_PORT;
    if (port != null) {
      try {
        portNumber = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        // The text is not echoed: without its @host, redis://user:secret puts a password here.
        throw invalid(redacted, "the port of " + host + " must be a number");
      }
      if (portNumber < 1 || portNumber > 65535) {
        throw invalid(redacted, "the port of " + host + " must be between 1 and 65535, was " + portNumber);
      }
    }
    return new HostAndPort(host, portNumber);
  }

  /** Decodes %XX escapes as UTF-8; a '+' stays a '+' (this is a URL, not a form). */
  private static String percentDecode(String text, String redacted, String what) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int value = i + 2 < text.length() ? hexPair(text.charAt(i + 1), text.charAt(i + 2)) : -1;
        if (value < 0) {
          throw invalid(redacted, "the " + what + " has an invalid %-escape");
        }
        out.write(value);
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int hexPair(char high, char low) {
    int h = Character.digit(high, 16);
    int l = Character.digit(low, 16);
    return h < 0 || l < 0 ? -1 : (h << 4) | l;
  }

  private static IllegalArgumentException invalid(String redacted, String reason) {
    return new IllegalArgumentException("invalid Redis URL '" + redacted + "': " + reason);
  }

  /**
   * The URL text with everything that may be a password replaced by {@code ***}; safe for
   * messages and logs, also for text that is not a valid URL. Masked: the password of the user
   * info (all of it when it has no colon, since it may be a password alone), every query or
   * fragment value ({@code ?password=…}), a port that is not a number (a password whose
   * {@code @host} is missing, {@code redis://user:secret}) and a database that is not a number.
   */
  static String redact(String url) {
    int schemeEnd = url.indexOf("://");
    int start = schemeEnd >= 0 ? schemeEnd + 3 : 0;
    StringBuilder text = new StringBuilder(url.substring(0, start));
    String rest = url.substring(start);
    String query = "";
    int queryStart = firstOf(rest, '?', '#');
    if (queryStart >= 0) {
      query = redactQuery(rest.substring(queryStart));
      rest = rest.substring(0, queryStart);
    }
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      int colon = userInfo.indexOf(':');
      text.append(colon >= 0 ? userInfo.substring(0, colon) + ":***" : "***").append('@');
      rest = rest.substring(at + 1);
    }
    String path = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash);
      rest = rest.substring(0, slash);
      if (!isDigits(path.substring(1))) {
        path = "/***";
      }
    }
    String[] nodes = rest.split(",", -1);
    for (int i = 0; i < nodes.length; i++) {
      if (i > 0) {
        text.append(',');
      }
      text.append(redactNode(nodes[i]));
    }
    return text.append(path).append(query).toString();
  }

  private static String redactNode(String node) {
    int close = node.startsWith("[") ? node.indexOf(']') : -1;
    int colon = node.lastIndexOf(':');
    if (colon < 0 || colon < close) {
      return node;
    }
    String port = node.substring(colon + 1);
    return isDigits(port) ? node : node.substring(0, colon) + ":***";
  }

  /** {@code ?a=1&b=2#f} as {@code ?a=***&b=***#***}: the names stay, the values go. */
  private static String redactQuery(String query) {
    StringBuilder text = new StringBuilder();
    int fragment = query.indexOf('#');
    String parameters = fragment >= 0 ? query.substring(0, fragment) : query;
    if (parameters.startsWith("?")) {
      text.append('?');
      String[] pairs = parameters.substring(1).split("&", -1);
      for (int i = 0; i < pairs.length; i++) {
        int equals = pairs[i].indexOf('=');
        text.append(i > 0 ? "&" : "").append(equals >= 0 ? pairs[i].substring(0, equals + 1) + "***" : "***");
      }
    }
    return fragment >= 0 ? text.append("#***").toString() : text.toString();
  }

  private static int firstOf(String text, char a, char b) {
    int first = text.indexOf(a);
    int second = text.indexOf(b);
    return first < 0 ? second : second < 0 ? first : Math.min(first, second);
  }

  private static boolean isDigits(String text) {
    return !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  boolean tls() {
    return tls;
  }

  @Nullable String user() {
    return user;
  }

  @Nullable String password() {
    return password;
  }

  List<HostAndPort> nodes() {
    return nodes;
  }

  int database() {
    return database;
  }

  boolean databaseGiven() {
    return databaseGiven;
  }

  /** The URL in normal form, with the password as {@code ***}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(tls ? "rediss://" : "redis://");
    if (user != null || password != null) {
      text.append(user == null ? "" : user).append(password == null ? "" : ":***").append('@');
    }
    for (int i = 0; i < nodes.size(); i++) {
      HostAndPort node = nodes.get(i);
      if (i > 0) {
        text.append(',');
      }
      String host = node.getHost();
      text.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(node.getPort());
    }
    if (databaseGiven) {
      text.append('/').append(database);
    }
    return text.toString();
  }
}
