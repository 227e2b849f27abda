package dev.parkinglot.store.redis;

import dev.parkinglot.spi.TraceContextStore;
import dev.parkinglot.tck.TckBackends;
import dev.parkinglot.tck.TckContext;
import dev.parkinglot.tck.TraceContextStoreTck;

class RedisMinimalTck extends TraceContextStoreTck {
  @Override
  protected TraceContextStore createStore(TckContext context) {
    return RedisTraceContextStore.builder().url(TckBackends.redisUrl()).clock(context.clock()).build();
  }

  @Override
  protected boolean sharesEntriesBetweenInstances() {
    return true; // a server store: two instances see one backend
  }
}
