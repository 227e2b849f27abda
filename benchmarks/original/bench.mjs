// The ORIGINAL autotel 7.9.0 webhook module on Node, in the shapes of the Java suite, so the
// day's machine can be calibrated against the "original" column. Run: benchmarks/run.sh original
// (npm ci on first use). Real OpenTelemetry JS SDK: always-on sampler, SimpleSpanProcessor, an
// exporter that drops spans, AsyncLocalStorage context manager.
//
// Scenarios
//   a. park+retrieve: inside ONE active span (kept open for the whole scenario),
//      loop `await lot.park(key)` then `await lot.retrieve(key)` over a ring of
//      1,024 keys `order-<n>`. One operation = the pair. retrieve() must return
//      the parked context (failures counted, must be 0).
//   b. traceCallback hit: for each batch of 1,024 keys, park them (UNTIMED)
//      inside an active span, then - outside any span - call the wrapped handler
//      once per parked key (TIMED). One operation = one awaited handler call.
//      Only the handler-call phase is timed; parking time is excluded (but
//      reported separately for information).
//
// Env knobs (defaults = the brief): WARMUP_MS=3000 ROUND_MS=3000 ROUNDS=5
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { trace, context, SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  SimpleSpanProcessor,
  AlwaysOnSampler,
} from '@opentelemetry/sdk-trace-base';

const WARMUP_MS = Number(process.env.WARMUP_MS ?? 3000);
const ROUND_MS = Number(process.env.ROUND_MS ?? 3000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const RING = 1024;

// ---------------------------------------------------------------- versions ---
function pkgVersion(name) {
  // resolve the package.json next to the top-level install
  try {
    return JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url))).version;
  } catch { return '?'; }
}
console.log(`node ${process.version}  (${process.platform}/${process.arch})`);
for (const p of ['autotel', '@opentelemetry/api', '@opentelemetry/sdk-trace-base',
  '@opentelemetry/context-async-hooks', '@opentelemetry/core']) {
  console.log(`  ${p}@${pkgVersion(p)}`);
}
console.log(`config: warmup=${WARMUP_MS}ms round=${ROUND_MS}ms rounds=${ROUNDS} ring=${RING}`);
console.log(`loadavg before: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);

// --------------------------------------------------------- OTel SDK setup ---
let exportedSpans = 0;
let sampleHandlerSpan = null; // first exported 'payment.webhook' span, for verification
const droppingExporter = {
  export(spans, cb) {
    exportedSpans += spans.length;
    if (sampleHandlerSpan === null) {
      for (const s of spans) if (s.name === 'payment.webhook') { sampleHandlerSpan = s; break; }
    }
    cb({ code: 0 });
  },
  shutdown() { return Promise.resolve(); },
  forceFlush() { return Promise.resolve(); },
};
const provider = new BasicTracerProvider({
  sampler: new AlwaysOnSampler(),
  spanProcessors: [new SimpleSpanProcessor(droppingExporter)],
});
const ctxMgr = new AsyncLocalStorageContextManager();
ctxMgr.enable();
if (!context.setGlobalContextManager(ctxMgr)) throw new Error('context manager not registered');
if (!trace.setGlobalTracerProvider(provider)) throw new Error('tracer provider not registered');
const tracer = trace.getTracer('orig-bench');

// Import autotel only after the global provider/context manager are in place.
const { createParkingLot, InMemoryTraceContextStore, createCorrelationKey } =
  await import('autotel/webhook');
const autotelFile = import.meta.resolve('autotel/webhook');
console.log(`autotel webhook module: ${autotelFile}`);

const keys = Array.from({ length: RING }, (_, n) => `order-${n}`);

// ------------------------------------------------------------ utilities ---
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (x) => Math.round(x).toLocaleString('en-US');

function startActiveSpanKeptOpen(name) {
  // Returns {span, run(fn)} where run executes fn inside the span's context.
  let captured;
  tracer.startActiveSpan(name, (span) => { captured = span; });
  const ctx = trace.setSpan(context.active(), captured);
  return { span: captured, run: (fn) => context.with(ctx, fn) };
}

// ------------------------------------------------- scenario a: park+retrieve
async function scenarioA() {
  const store = new InMemoryTraceContextStore();
  const lot = createParkingLot({ store });
  let failures = 0;
  let traceIdMismatch = 0;
  const { span, run } = startActiveSpanKeptOpen('bench.parent');
  const parentTraceId = span.spanContext().traceId;

  const result = await run(async () => {
    if (trace.getActiveSpan() !== span) throw new Error('active span not set (context manager broken?)');
    // measure(durationMs): loop until durationMs elapsed; returns {ops, ms}
    async function measure(durationMs) {
      let ops = 0;
      let i = 0;
      const t0 = performance.now();
      let now = t0;
      const deadline = t0 + durationMs;
      while (now < deadline) {
        for (let j = 0; j < 256; j++) {
          const key = keys[i];
          i = (i + 1) & (RING - 1);
          await lot.park(key);
          const got = await lot.retrieve(key);
          if (got === null) failures++;
          else if (got.traceId !== parentTraceId) traceIdMismatch++;
        }
        ops += 256;
        now = performance.now();
      }
      return { ops, ms: now - t0 };
    }
    await measure(WARMUP_MS);
    const rates = [];
    for (let r = 0; r < ROUNDS; r++) {
      const { ops, ms } = await measure(ROUND_MS);
      const rate = ops / (ms / 1000);
      rates.push(rate);
      console.log(`  [a] round ${r + 1}: ${fmt(rate)} ops/s  (${ops} ops in ${ms.toFixed(0)} ms)`);
    }
    return rates;
  });
  span.end();
  console.log(`  [a] median ${fmt(median(result))} ops/s, best ${fmt(Math.max(...result))} ops/s; ` +
    `retrieve failures=${failures}, traceId mismatches=${traceIdMismatch}, store size at end=${store.size}`);
  store.destroy();
  if (failures !== 0 || traceIdMismatch !== 0) throw new Error('scenario a verification failed');
  return result;
}

// ---------------------------------------------- scenario b: traceCallback hit
async function scenarioB() {
  const store = new InMemoryTraceContextStore();
  const lot = createParkingLot({ store });
  let hits = 0;
  let misses = 0;
  let wrongParent = 0;
  let lastParkTraceId = '';
  let nestedUnderSpan = 0;

  const handler = lot.traceCallback({
    name: 'payment.webhook',
    correlationKeyFrom: (args) => args[0].orderId,
  })((ctx) => async (event) => {
    if (ctx.parkedContext) {
      hits++;
      if (ctx.parkedContext.traceId !== lastParkTraceId) wrongParent++;
    } else {
      misses++;
    }
    return event.orderId;
  });
  const events = keys.map((k) => ({ orderId: k }));

  let parkMsTotal = 0;
  async function parkBatch() {
    const t0 = performance.now();
    await tracer.startActiveSpan('bench.park-batch', async (span) => {
      lastParkTraceId = span.spanContext().traceId;
      for (let i = 0; i < RING; i++) await lot.park(keys[i]);
      span.end();
    });
    parkMsTotal += performance.now() - t0;
  }

  async function measure(durationMs) {
    let ops = 0;
    let timedMs = 0;
    while (timedMs < durationMs) {
      await parkBatch(); // untimed
      if (trace.getActiveSpan() !== undefined) nestedUnderSpan++;
      const t0 = performance.now();
      for (let i = 0; i < RING; i++) await handler(events[i]);
      timedMs += performance.now() - t0;
      ops += RING;
    }
    return { ops, ms: timedMs };
  }

  await measure(WARMUP_MS);
  const rates = [];
  for (let r = 0; r < ROUNDS; r++) {
    parkMsTotal = 0;
    const wall0 = performance.now();
    const { ops, ms } = await measure(ROUND_MS);
    const wall = performance.now() - wall0;
    const rate = ops / (ms / 1000);
    rates.push(rate);
    console.log(`  [b] round ${r + 1}: ${fmt(rate)} ops/s  (${ops} calls in ${ms.toFixed(0)} ms timed; ` +
      `untimed park ${parkMsTotal.toFixed(0)} ms = ${fmt(ops / (parkMsTotal / 1000))} parks/s; wall ${wall.toFixed(0)} ms)`);
  }
  console.log(`  [b] median ${fmt(median(rates))} ops/s, best ${fmt(Math.max(...rates))} ops/s; ` +
    `hits=${hits}, misses=${misses}, wrongParentTrace=${wrongParent}, batchesRunInsideSpan=${nestedUnderSpan}, store size at end=${store.size}`);
  // Inspect one exported handler span
  if (sampleHandlerSpan) {
    const s = sampleHandlerSpan;
    console.log(`  [b] sample handler span: name=${s.name} kind=${SpanKind[s.kind]} parent=${s.parentSpanContext?.spanId ?? 'none'} ` +
      `links=${s.links.length} (type=${s.links[0]?.attributes?.['link.type']}) events=${s.events.map((e) => e.name).join(',')} ` +
      `attrs=${Object.keys(s.attributes).length}: ${Object.keys(s.attributes).join(',')}`);
  } else {
    throw new Error('no handler span was exported');
  }
  store.destroy();
  if (misses !== 0 || wrongParent !== 0 || nestedUnderSpan !== 0) throw new Error('scenario b verification failed');
  return rates;
}

// sanity for createCorrelationKey export
if (createCorrelationKey('payment', 'order-1') !== 'payment:order-1') throw new Error('createCorrelationKey');

console.log('scenario a: park+retrieve (in-memory store, inside one active span)');
const a = await scenarioA();
console.log('scenario b: traceCallback hit (handler-call phase timed only; parking untimed)');
const b = await scenarioB();
console.log(`exported spans total: ${exportedSpans}`);
console.log(`SUMMARY a.median=${Math.round(median(a))} a.best=${Math.round(Math.max(...a))} ` +
  `b.median=${Math.round(median(b))} b.best=${Math.round(Math.max(...b))}`);
console.log(`loadavg after: ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
await provider.shutdown();
