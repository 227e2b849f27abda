-- Parking Lot JDBC store, MariaDB 10.5+. ${table} is replaced by the configured table name.
-- Times are epoch milliseconds; ids are the 64-bit halves of the trace id and the span id.
-- The key is compared byte for byte (utf8mb4_nopad_bin: case and trailing spaces count); 320 chars
-- of utf8mb4 are 1280 bytes, within InnoDB's 3072-byte index limit of the DYNAMIC row format.
CREATE TABLE IF NOT EXISTS ${table} (
  store_key     VARCHAR(320) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,
  expires_at    BIGINT       NOT NULL,
  trace_id_high BIGINT       NOT NULL,
  trace_id_low  BIGINT       NOT NULL,
  span_id       BIGINT       NOT NULL,
  trace_flags   SMALLINT     NOT NULL,
  trace_state   VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  baggage       TEXT         CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  parked_at     BIGINT       NOT NULL,
  ttl_ms        BIGINT       NOT NULL,
  metadata      MEDIUMTEXT   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
  PRIMARY KEY (store_key),
  INDEX ${index} (expires_at)
) ENGINE = InnoDB ROW_FORMAT = DYNAMIC DEFAULT CHARSET = utf8mb4;
