package dev.parkinglot.store.redis;

import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.PooledObjectFactory;
import org.apache.commons.pool2.impl.GenericObjectPool;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;

/*
 * Why this wrapper. When a command fails on a pooled connection (a read timeout against a stalled
 * server, a connection the server closed), Jedis returns the connection as broken and the pool
 * invalidates it. commons-pool2 2.13 then builds a replacement at once, in the same thread
 * (invalidateObject calls addObject; 2.12 does so when another thread waits for a connection), so
 * the caller whose command just timed out also waits for the replacement's connect and handshake
 * (HELLO, AUTH, SELECT): against a stalled server, a second full timeout. Measured on a redis-server
 * paused by DEBUG SLEEP: 1.0 s at a 500 ms timeout, 4.1 s at 2 s.
 *
 * This factory refuses to build a connection inside invalidateObject, so the caller returns after
 * one timeout; the pool simply holds one connection less, and the next borrow that needs one
 * connects then, bounded by the connect and socket timeouts. The refusal is a stackless exception
 * that Jedis attaches to the command's failure as a suppressed exception.
 */

/** Jedis' connection factory, except that it never connects on behalf of an invalidated connection. */
final class CallerBoundConnectionFactory implements PooledObjectFactory<Connection> {
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private final ConnectionFactory delegate;

  CallerBoundConnectionFactory(ConnectionFactory delegate) {
    this.delegate = delegate;
  }

  @Override
  public PooledObject<Connection> makeObject() throws Exception {
    if (replacingAnInvalidatedConnection()) {
      throw new ReplacementDeferred();
    }
    return delegate.makeObject();
  }

  /** Whether the pool is building a replacement inside invalidateObject (connections are made rarely, so the walk is cheap). */
  private static boolean replacingAnInvalidatedConnection() {
    return WALKER.walk(frames -> frames.anyMatch(frame ->
        frame.getMethodName().equals("invalidateObject")
            && GenericObjectPool.class.isAssignableFrom(frame.getDeclaringClass())));
  }

  @Override
  public void destroyObject(PooledObject<Connection> pooled) throws Exception {
    delegate.destroyObject(pooled);
  }

  @Override
  public boolean validateObject(PooledObject<Connection> pooled) {
    return delegate.validateObject(pooled);
  }

  @Override
  public void activateObject(PooledObject<Connection> pooled) throws Exception {
    delegate.activateObject(pooled);
  }

  @Override
  public void passivateObject(PooledObject<Connection> pooled) throws Exception {
    delegate.passivateObject(pooled);
  }

  /** The pool's replacement of a broken connection, left to the next borrow. */
  static final class ReplacementDeferred extends Exception {
    private static final long serialVersionUID = 1L;

    ReplacementDeferred() {
      super("the broken connection is not replaced in the caller's thread; the next command connects anew",
          null, false, false);
    }
  }
}
