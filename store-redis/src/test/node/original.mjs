// The original: npm autotel 7.9.0, module autotel/webhook, with the Redis store its documentation
// describes (SETEX key ceil(ttlMs / 1000) JSON, GET then JSON.parse, DEL), on ioredis, and the real
// OpenTelemetry JS SDK (in-memory exporter, AsyncLocalStorage context). RedisOriginalInteropTest
// starts it once, as `node original.mjs <redis-url>`, and drives it with one JSON command per line on
// stdin; each answer is one JSON line on stdout: {"ok":true,...} or {"ok":false,"error":"..."}.
//
// Commands (every "key" is the correlation key, as the original's API takes it; the store key is
// "parkingLot:" + key, the original's default prefix):
//   {"op":"park","key":K,"metadata":{...}?,"ttlMs":N?}   park inside an active span "checkout"
//   {"op":"parkWithoutSpan","key":K}                       park with no active span
//   {"op":"retrieve","key":K}                              the original's retrieve: GET, then DEL
//   {"op":"exists","key":K}                                the original's exists: a GET
//   {"op":"load","key":K} / {"op":"delete","key":K}        the store's two halves of a retrieve, apart
//   {"op":"callback","key":K}                              a traceCallback handler run; its span's links
//   {"op":"retrieveTwiceAtOnce","key":K}                   two retrieves started together
//   {"op":"correlationKey","parts":[...]}                  createCorrelationKey(...parts)
//   {"op":"ttl","key":K}                                   Redis' PTTL of the store key, as the store set it
import { createInterface } from 'node:readline';
import { trace, context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import Redis from 'ioredis';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  sampler: new AlwaysOnSampler(),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const contextManager = new AsyncLocalStorageContextManager();
contextManager.enable();
if (!context.setGlobalContextManager(contextManager)) throw new Error('context manager not registered');
if (!trace.setGlobalTracerProvider(provider)) throw new Error('tracer provider not registered');
const tracer = trace.getTracer('original-interop');

// autotel reads the global tracer provider, so it is imported once that is in place.
const { createParkingLot, createCorrelationKey } = await import('autotel/webhook');

const redis = new Redis(process.argv[2], { lazyConnect: false, maxRetriesPerRequest: 1 });

/** The Redis store of the original's documentation: three commands, nothing else. */
const documentedStore = {
  async save(key, stored) {
    const seconds = stored.ttlMs ? Math.ceil(stored.ttlMs / 1000) : 86400;
    await redis.setex(key, seconds, JSON.stringify(stored));
  },
  async load(key) {
    const text = await redis.get(key);
    return text ? JSON.parse(text) : null;
  },
  async delete(key) {
    await redis.del(key);
  },
};

function lot(ttlMs) {
  return createParkingLot(ttlMs === undefined
    ? { store: documentedStore }
    : { store: documentedStore, defaultTTLMs: ttlMs });
}

const ops = {
  async park({ key, metadata, ttlMs }) {
    return tracer.startActiveSpan('checkout', async (span) => {
      try {
        const returned = await lot(ttlMs).park(key, metadata);
        const { traceId, spanId, traceFlags } = span.spanContext();
        return { returned, traceId, spanId, traceFlags };
      } finally {
        span.end();
      }
    });
  },
  async parkWithoutSpan({ key }) {
    return { returned: await lot().park(key) };
  },
  async retrieve({ key }) {
    return { found: await lot().retrieve(key) };
  },
  async exists({ key }) {
    return { exists: await lot().exists(key) };
  },
  async load({ key }) {
    return { found: await documentedStore.load(`parkingLot:${key}`) };
  },
  async delete({ key }) {
    await documentedStore.delete(`parkingLot:${key}`);
    return {};
  },
  async callback({ key }) {
    exporter.reset();
    const handle = lot().traceCallback({ name: 'payment.webhook', correlationKeyFrom: (args) => args[0] })(
      (ctx) => async () => ({ found: ctx.parkedContext !== null }));
    const result = await handle(key);
    const span = exporter.getFinishedSpans().find((s) => s.name === 'payment.webhook');
    return {
      found: result.found,
      links: span.links.map((link) => ({
        traceId: link.context.traceId,
        spanId: link.context.spanId,
        traceFlags: link.context.traceFlags,
      })),
      attributes: span.attributes,
    };
  },
  async retrieveTwiceAtOnce({ key }) {
    const parkingLot = lot();
    const [first, second] = await Promise.all([parkingLot.retrieve(key), parkingLot.retrieve(key)]);
    return { first, second };
  },
  async correlationKey({ parts }) {
    return { key: createCorrelationKey(...parts) };
  },
  async ttl({ key }) {
    return { pttl: await redis.pttl(`parkingLot:${key}`) };
  },
};

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
process.stdout.write(`${JSON.stringify({ ok: true, ready: true, node: process.version })}\n`);
for await (const line of lines) {
  if (line.trim() === '') continue;
  let answer;
  try {
    const command = JSON.parse(line);
    const op = ops[command.op];
    if (!op) throw new Error(`unknown op ${command.op}`);
    answer = { ok: true, ...(await op(command)) };
  } catch (error) {
    answer = { ok: false, error: String(error && error.stack ? error.stack : error) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
await redis.quit();
await provider.shutdown();
