/**
 * The JDBC store, provider name {@code jdbc}: parked contexts in one SQL table on PostgreSQL,
 * MariaDB, MySQL or H2, over the caller's {@link javax.sql.DataSource} or a HikariCP pool of its
 * own. Entry points: {@link dev.parkinglot.store.jdbc.JdbcTraceContextStore#builder(String)} and
 * {@link dev.parkinglot.store.jdbc.JdbcTraceContextStore#builder(javax.sql.DataSource)}.
 */
@NullMarked
package dev.parkinglot.store.jdbc;

import org.jspecify.annotations.NullMarked;
