package dev.parkinglot.store.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Checks table names before they become part of SQL text. A table name is the one thing the store
 * cannot bind as a parameter, so it must be a plain unquoted identifier: a letter or underscore,
 * then letters, digits or underscores, 63 chars at most (PostgreSQL's limit, below MySQL's 64),
 * optionally qualified by a schema of the same form. Unquoted, it follows the database's case
 * folding (lower case on PostgreSQL, upper case on H2). Not public API.
 */
final class TableName {
  /** The accepted form, as a regular expression, for error messages and docs. */
  static final String FORM = "[A-Za-z_][A-Za-z0-9_]{0,62}, optionally schema-qualified (schema.table)";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final Pattern QUALIFIED =
      Pattern.compile(IDENTIFIER.pattern() + "(?:\\." + IDENTIFIER.pattern() + ")?");
  private static final int MAX_IDENTIFIER = 63;
  private static final String INDEX_SUFFIX = "_exp_idx";

  private TableName() {}

  /**
   * Returns {@code table} unchanged if it has the accepted form.
   *
   * @throws NullPointerException if {@code table} is null
   * @throws IllegalArgumentException naming the value and the accepted form otherwise
   */
  static String check(String table) {
    Objects.requireNonNull(table, "table name must not be null");
    if (!QUALIFIED.matcher(table).matches()) {
      String shown = table.length() <= 80 ? table : table.substring(0, 77) + "...";
      throw new IllegalArgumentException(
          "table name '" + shown.replaceAll("\\p{Cntrl}", "?") + "' is not an SQL identifier of the form "
              + FORM);
    }
    return table;
  }

  /**
   * The name of the expiry index for a checked table: the unqualified table name plus {@value
   * #INDEX_SUFFIX}, shortened with a hash where that would pass 63 chars (index names share a
   * namespace per schema on PostgreSQL and H2, so two long table names must not collide).
   */
  static String indexName(String table) {
    int dot = table.indexOf('.');
    String base = dot < 0 ? table : table.substring(dot + 1);
    if (base.length() + INDEX_SUFFIX.length() <= MAX_IDENTIFIER) {
      return base + INDEX_SUFFIX;
    }
    CRC32 crc = new CRC32();
    crc.update(base.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    String hash = String.format(Locale.ROOT, "%08x", crc.getValue());
    int keep = MAX_IDENTIFIER - INDEX_SUFFIX.length() - hash.length() - 1;
    return base.substring(0, keep) + "_" + hash + INDEX_SUFFIX;
  }
}
