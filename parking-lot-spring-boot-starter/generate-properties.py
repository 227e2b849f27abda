# Generates ParkingLotProperties.java and META-INF/additional-spring-configuration-metadata.json from
# one list of the library's settings. Run from anywhere: python3 parking-lot-spring-boot-starter/generate-properties.py
# ParkingLotPropertiesTest fails when a store adds a setting missing here, or a default disagrees.
import json, os
HERE = os.path.dirname(os.path.abspath(__file__))
groups = [
 (None, "Settings of the lot itself.", [
  ("store", "Which store holds parked contexts: memory, caffeine, redis, jdbc, dynamodb or a custom store's name. The starter defaults to memory; jdbc uses the application's DataSource unless parkinglot.jdbc.url is set, redis uses spring.data.redis.* unless parkinglot.redis.url is set, dynamodb uses a DynamoDbClient bean unless parkinglot.dynamodb.endpoint or region is set.", "memory"),
  ("default-ttl", "How long a context parked without a ttl of its own stays: 30m, 2h, 1d or ISO-8601 (PT2H), at most 366 days.", "24h"),
  ("key-prefix", "Text put before every correlation key in the store, up to 256 chars, may be empty.", "parkingLot:"),
  ("retrieval-mode", "What a callback's claim does to the parked context: consume-on-claim, keep-until-expiry or consume-on-success.", "consume-on-claim"),
  ("propagate-store-errors", "Whether store errors are thrown instead of being recorded on the span and counted (fail-open).", "false"),
  ("metadata-attributes", "Which metadata entries become span attributes: all, none, or comma-separated metadata keys.", "all"),
  ("duplicate-grace", "How long a consumed context is remembered so that a redelivered callback is linked and marked duplicate; 0s turns duplicate detection off.", "1h"),
 ]),
 ("tickets", "Signed tickets: a parked context carried by the callback itself.", [
  ("keys", "Ticket keys as keyId:base64Secret,...; never logged.", None),
  ("signing-key-id", "The id of the key that signs new tickets; the only key when there is one.", None),
 ]),
 ("memory", "The memory store (parkinglot.store=memory).", [
  ("max-entries", "Most entries the memory store holds; a park beyond it is refused and counted.", "100000"),
  ("max-total-bytes", "Most estimated heap bytes of all entries; default an eighth of the heap.", None),
  ("max-entry-bytes", "Most estimated heap bytes of one entry; no bound of its own by default.", None),
  ("sweep-interval", "How often a daemon thread removes expired entries of the memory store.", "1m"),
 ]),
 ("caffeine", "The Caffeine store (parkinglot.store=caffeine).", [
  ("maximum-size", "Most entries the Caffeine store holds.", "100000"),
  ("max-total-bytes", "Most estimated heap bytes of all entries of the Caffeine store, beyond which it evicts; default an eighth of the heap.", None),
  ("max-entry-bytes", "Most estimated heap bytes of one entry; a heavier park is refused. No bound of its own by default.", None),
  ("record-stats", "Whether the Caffeine cache records statistics.", "false"),
  ("scheduler", "Whether expired entries are removed promptly by Caffeine's scheduler thread.", "false"),
 ]),
 ("redis", "The Redis store (parkinglot.store=redis). Without parkinglot.redis.url the store connects where spring.data.redis.* points (url, host, port, database, username, password, ssl.enabled, cluster.nodes, timeout).", [
  ("url", "redis://[user:password@]host[:port][/database], rediss:// for TLS, or a comma-separated node list for a cluster; overrides spring.data.redis.*.", None),
  ("user", "The ACL user when the URL names none.", None),
  ("password", "The password when the URL carries none; never logged.", None),
  ("cluster", "Whether the URL points at a Redis Cluster: true, false or auto (auto: a cluster when the URL lists more than one node).", "auto"),
  ("pool-size", "Most connections of the store's pool (per node in a cluster).", "16"),
  ("timeout", "Connect, reply and pool-wait timeout of each Redis call.", "2s"),
 ]),
 ("jdbc", "The JDBC store (parkinglot.store=jdbc). Without parkinglot.jdbc.url the store uses the application's DataSource, and the pool settings below (url, user, password, pool-size, connection-timeout, statement-timeout) do not apply.", [
  ("url", "JDBC URL of a pool of the store's own; its prefix picks the dialect.", None),
  ("user", "Database user of the store's own pool.", None),
  ("password", "Password of the store's own pool; never logged.", None),
  ("pool-size", "Maximum size of the store's own HikariCP pool.", "10"),
  ("connection-timeout", "Longest wait for a connection of the store's own pool.", "2s"),
  ("statement-timeout", "Longest run of one statement of the store's own pool, enforced by the database; 0s turns it off.", "2s"),
  ("table", "Table name, optionally schema-qualified.", "parking_lot_context"),
  ("dialect", "SQL dialect: postgresql, mariadb, mysql or h2; from the URL or the database by default.", None),
  ("create-table", "Whether the table and its index are created at start-up when missing.", "false"),
  ("purge-interval", "How often a daemon thread deletes expired rows; 0s turns it off.", "5m"),
  ("purge-batch-size", "Most rows one purge statement deletes.", "1000"),
 ]),
 ("dynamodb", "The DynamoDB store (parkinglot.store=dynamodb). With a DynamoDbClient bean and neither parkinglot.dynamodb.endpoint nor region set, the store uses that client, and the client settings below (region, endpoint, timeouts, attempts) do not apply.", [
  ("table", "The table name (required).", None),
  ("region", "AWS region of a client of the store's own.", None),
  ("endpoint", "Endpoint override of a client of the store's own (http:// or https://).", None),
  ("partition-key", "Name of the table's partition key attribute.", "pk"),
  ("ttl-attribute", "Name of the epoch-seconds attribute for DynamoDB's native TTL.", "expires_at_s"),
  ("create-table", "Whether the table is created at start-up when missing.", "false"),
  ("api-call-timeout", "Longest time of one API call of the store's own client, retries included.", "5s"),
  ("api-call-attempt-timeout", "Longest time of one attempt of the store's own client.", "2s"),
  ("max-attempts", "Most attempts of one API call of the store's own client; the AWS SDK's default retry strategy when unset.", None),
  ("purge-interval", "How often a daemon thread deletes expired items; 0s turns it off.", "0s"),
  ("purge-page-size", "Items one purge scan page reads.", "100"),
 ]),
]

def camel(n):
    p = n.split("-"); return p[0] + "".join(x[:1].upper()+x[1:] for x in p[1:])
def cap(n):
    c = camel(n); return c[:1].upper()+c[1:]

out = []
def fieldblock(indent, name, desc, pfx):
    c = camel(name)
    full = f"parkinglot.{pfx + '.' if pfx else ''}{name}"
    out.append(f"{indent}/** {desc} */")
    out.append(f"{indent}private @Nullable String {c};")
    out.append("")
acc = []
def accessors(indent, name, pfx):
    c = camel(name); C = cap(name)
    full = f"parkinglot.{pfx + '.' if pfx else ''}{name}"
    acc.append(f"{indent}/**\n{indent} * The value of {{@code {full}}}.\n{indent} *\n{indent} * @return the value as written, or null when unset\n{indent} */")
    acc.append(f"{indent}public @Nullable String get{C}() {{\n{indent}  return {c};\n{indent}}}\n")
    acc.append(f"{indent}/**\n{indent} * Sets {{@code {full}}}.\n{indent} *\n{indent} * @param {c} the value as written; the library checks it\n{indent} */")
    acc.append(f"{indent}public void set{C}(@Nullable String {c}) {{\n{indent}  this.{c} = {c};\n{indent}}}\n")

L = []
L.append('''package dev.parkinglot.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code parkinglot.*} settings as Spring binds them from its {@code Environment}
 * (application.properties or YAML, profiles, environment variables through relaxed binding). Every
 * value is kept as the text written and handed to the library by {@link #toMap()}, so it is checked
 * by the library's own rules with the library's own messages (a bad {@code parkinglot.default-ttl}
 * fails the application's start naming the property and the value).
 *
 * <p>Generated from one list of the library's settings, with the IDE metadata beside it; {@code
 * ParkingLotPropertiesTest} fails when a store adds a setting that is missing here.
 */
@ConfigurationProperties(prefix = "parkinglot")
public class ParkingLotProperties {''')
top = groups[0]
for (n, d, dflt) in top[2]:
    fieldblock("  ", n, d + (f" Default {dflt}." if dflt else ""), None)
L += out; out.clear()
for g in groups[1:]:
    L.append(f"  private final {cap(g[0])} {camel(g[0])} = new {cap(g[0])}();\n")
for (n, d, dflt) in top[2]:
    accessors("  ", n, None)
L += acc; acc.clear()
for g in groups[1:]:
    L.append(f"  /**\n   * The {{@code parkinglot.{g[0]}.*}} settings.\n   *\n   * @return the settings, never null\n   */\n  public {cap(g[0])} get{cap(g[0])}() {{\n    return {camel(g[0])};\n  }}\n")
# toMap
L.append('''  /**
   * Every setting that is set, by the library's property name ({@code parkinglot.default-ttl},
   * {@code parkinglot.redis.url}, ...), in the form {@link dev.parkinglot.spi.StoreConfig} reads.
   *
   * @return the settings that are set, in a new map
   */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();''')
for (n, d, dflt) in top[2]:
    L.append(f'    put(map, "parkinglot.{n}", {camel(n)});')
for g in groups[1:]:
    for (n, d, dflt) in g[2]:
        L.append(f'    put(map, "parkinglot.{g[0]}.{n}", {camel(g[0])}.{camel(n)});')
L.append('''    return map;
  }

  private static void put(Map<String, String> map, String name, @Nullable String value) {
    if (value != null) {
      map.put(name, value);
    }
  }
''')
for g in groups[1:]:
    L.append(f"  /** {g[1]} */\n  public static class {cap(g[0])} {{")
    for (n, d, dflt) in g[2]:
        fieldblock("    ", n, d + (f" Default {dflt}." if dflt else ""), g[0])
    L += out; out.clear()
    L.append(f"    /** Settings with nothing set. */\n    public {cap(g[0])}() {{}}\n")
    for (n, d, dflt) in g[2]:
        accessors("    ", n, g[0])
    L += acc; acc.clear()
    L.append("  }\n")
L.append("  /** Settings with nothing set; Spring binds the {@code parkinglot.*} properties into it. */\n  public ParkingLotProperties() {}\n}")
src = "\n".join(L)
open(os.path.join(HERE, "src/main/java/dev/parkinglot/spring/ParkingLotProperties.java"),"w").write(src)
meta = {"properties": [
  {"name": "management.health.parkinglot.enabled", "type": "java.lang.Boolean", "defaultValue": True,
   "description": "Whether Actuator's health endpoint shows the parking lot's store (the parkingLot component)."}
], "hints": [
  {"name": "parkinglot.store", "values": [{"value": v} for v in ["memory","caffeine","redis","jdbc","dynamodb"]]},
  {"name": "parkinglot.retrieval-mode", "values": [{"value": v} for v in ["consume-on-claim","keep-until-expiry","consume-on-success"]]},
  {"name": "parkinglot.metadata-attributes", "values": [{"value": "all"}, {"value": "none"}]},
  {"name": "parkinglot.redis.cluster", "values": [{"value": v} for v in ["auto","true","false"]]},
  {"name": "parkinglot.jdbc.dialect", "values": [{"value": v} for v in ["postgresql","mariadb","mysql","h2"]]},
]}
for g in groups:
    for (n, d, dflt) in g[2]:
        if dflt is not None:
            full = f"parkinglot.{g[0] + '.' if g[0] else ''}{n}"
            meta["properties"].append({"name": full, "defaultValue": dflt})
os.makedirs(os.path.join(HERE, "src/main/resources/META-INF"), exist_ok=True)
open(os.path.join(HERE, "src/main/resources/META-INF/additional-spring-configuration-metadata.json"),"w").write(json.dumps(meta, indent=2)+"\n")
