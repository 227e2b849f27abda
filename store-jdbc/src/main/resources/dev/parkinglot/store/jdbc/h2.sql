-- Parking Lot JDBC store, H2 2.x. ${table} is replaced by the configured table name.
-- Times are epoch milliseconds; ids are the 64-bit halves of the trace id and the span id.
CREATE TABLE IF NOT EXISTS ${table} (
  store_key     VARCHAR(320)     NOT NULL PRIMARY KEY,
  expires_at    BIGINT           NOT NULL,
  trace_id_high BIGINT           NOT NULL,
  trace_id_low  BIGINT           NOT NULL,
  span_id       BIGINT           NOT NULL,
  trace_flags   SMALLINT         NOT NULL,
  trace_state   VARCHAR(512),
  baggage       VARCHAR(8192),
  parked_at     BIGINT           NOT NULL,
  ttl_ms        BIGINT           NOT NULL,
  metadata      VARCHAR(1000000)
);
CREATE INDEX IF NOT EXISTS ${index} ON ${table} (expires_at);
