package dev.parkinglot.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongHistogramBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/*
 * Design notes.
 *
 * The lot records its metrics through the OpenTelemetry metrics API only. Rather than teach the core
 * about Micrometer, the starter hands the lot an OpenTelemetry whose meters record each measurement
 * twice: into the application's OpenTelemetry meter, unchanged, and into a Micrometer counter or
 * distribution summary of the same name, whose tags are the measurement's attributes. Only the two
 * instrument kinds the lot uses (long counters, double histograms) are teed; any other instrument is
 * the OpenTelemetry one alone. The lot's attributes are bounded by construction (store, callback
 * name, outcome, operation, error type), so one Micrometer meter per attribute set is cached.
 *
 * With no OpenTelemetry bean, the application's global OpenTelemetry (the Java agent's) is resolved
 * at the lot's first use.
 */
/** An OpenTelemetry whose lot counters and histograms also record into a Micrometer registry. */
final class MicrometerTeeOpenTelemetry implements OpenTelemetry {
  private final @Nullable OpenTelemetry delegate;
  private final MeterRegistry registry;

  MicrometerTeeOpenTelemetry(@Nullable OpenTelemetry delegate, MeterRegistry registry) {
    this.delegate = delegate;
    this.registry = registry;
  }

  private OpenTelemetry base() {
    return delegate != null ? delegate : GlobalOpenTelemetry.get();
  }

  @Override
  public TracerProvider getTracerProvider() {
    return base().getTracerProvider();
  }

  @Override
  public MeterProvider getMeterProvider() {
    MeterProvider meters = base().getMeterProvider();
    return new MeterProvider() {
      @Override
      public MeterBuilder meterBuilder(String instrumentationScopeName) {
        return new TeeMeterBuilder(meters.meterBuilder(instrumentationScopeName));
      }
    };
  }

  @Override
  public ContextPropagators getPropagators() {
    return base().getPropagators();
  }

  private final class TeeMeterBuilder implements MeterBuilder {
    private final MeterBuilder delegate;

    TeeMeterBuilder(MeterBuilder delegate) {
      this.delegate = delegate;
    }

    @Override
    public MeterBuilder setSchemaUrl(String schemaUrl) {
      delegate.setSchemaUrl(schemaUrl);
      return this;
    }

    @Override
    public MeterBuilder setInstrumentationVersion(String instrumentationScopeVersion) {
      delegate.setInstrumentationVersion(instrumentationScopeVersion);
      return this;
    }

    @Override
    public Meter build() {
      Meter meter = delegate.build();
      return new Meter() {
        @Override
        public LongCounterBuilder counterBuilder(String name) {
          return new TeeCounterBuilder(meter.counterBuilder(name), name);
        }

        @Override
        public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
          return meter.upDownCounterBuilder(name);
        }

        @Override
        public DoubleHistogramBuilder histogramBuilder(String name) {
          return new TeeHistogramBuilder(meter.histogramBuilder(name), name);
        }

        @Override
        public DoubleGaugeBuilder gaugeBuilder(String name) {
          return meter.gaugeBuilder(name);
        }
      };
    }
  }

  private static Iterable<Tag> tags(Attributes attributes) {
    List<Tag> tags = new ArrayList<>(attributes.size());
    attributes.forEach((key, value) -> tags.add(Tag.of(key.getKey(), String.valueOf(value))));
    return tags;
  }

  private final class TeeCounterBuilder implements LongCounterBuilder {
    private final LongCounterBuilder delegate;
    private final String name;
    private @Nullable String description;
    private @Nullable String unit;

    TeeCounterBuilder(LongCounterBuilder delegate, String name) {
      this.delegate = delegate;
      this.name = name;
    }

    @Override
    public LongCounterBuilder setDescription(String description) {
      delegate.setDescription(description);
      this.description = description;
      return this;
    }

    @Override
    public LongCounterBuilder setUnit(String unit) {
      delegate.setUnit(unit);
      this.unit = unit;
      return this;
    }

    @Override
    public DoubleCounterBuilder ofDoubles() {
      return delegate.ofDoubles();
    }

    @Override
    public LongCounter build() {
      LongCounter counter = delegate.build();
      ConcurrentMap<Attributes, Counter> meters = new ConcurrentHashMap<>();
      String counterDescription = description;
      String baseUnit = unit;
      return new LongCounter() {
        @Override
        public void add(long value) {
          add(value, Attributes.empty());
        }

        @Override
        public void add(long value, Attributes attributes) {
          counter.add(value, attributes);
          micrometer(attributes).increment(value);
        }

        @Override
        public void add(long value, Attributes attributes, Context context) {
          counter.add(value, attributes, context);
          micrometer(attributes).increment(value);
        }

        private Counter micrometer(Attributes attributes) {
          return meters.computeIfAbsent(attributes, a -> Counter.builder(name)
              .description(counterDescription)
              .baseUnit(baseUnit)
              .tags(tags(a))
              .register(registry));
        }
      };
    }

    @Override
    public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
      return delegate.buildWithCallback(callback);
    }
  }

  private final class TeeHistogramBuilder implements DoubleHistogramBuilder {
    private final DoubleHistogramBuilder delegate;
    private final String name;
    private @Nullable String description;
    private @Nullable String unit;
    private @Nullable List<Double> buckets;

    TeeHistogramBuilder(DoubleHistogramBuilder delegate, String name) {
      this.delegate = delegate;
      this.name = name;
    }

    @Override
    public DoubleHistogramBuilder setDescription(String description) {
      delegate.setDescription(description);
      this.description = description;
      return this;
    }

    @Override
    public DoubleHistogramBuilder setUnit(String unit) {
      delegate.setUnit(unit);
      this.unit = unit;
      return this;
    }

    @Override
    public DoubleHistogramBuilder setExplicitBucketBoundariesAdvice(List<Double> bucketBoundaries) {
      delegate.setExplicitBucketBoundariesAdvice(bucketBoundaries);
      this.buckets = List.copyOf(bucketBoundaries);
      return this;
    }

    @Override
    public LongHistogramBuilder ofLongs() {
      return delegate.ofLongs();
    }

    @Override
    public DoubleHistogram build() {
      DoubleHistogram histogram = delegate.build();
      ConcurrentMap<Attributes, DistributionSummary> meters = new ConcurrentHashMap<>();
      String summaryDescription = description;
      String baseUnit = "s".equals(unit) ? "seconds" : unit;
      double[] slos = buckets == null ? new double[0] : buckets.stream().mapToDouble(Double::doubleValue).toArray();
      return new DoubleHistogram() {
        @Override
        public void record(double value) {
          record(value, Attributes.empty());
        }

        @Override
        public void record(double value, Attributes attributes) {
          histogram.record(value, attributes);
          micrometer(attributes).record(value);
        }

        @Override
        public void record(double value, Attributes attributes, Context context) {
          histogram.record(value, attributes, context);
          micrometer(attributes).record(value);
        }

        private DistributionSummary micrometer(Attributes attributes) {
          return meters.computeIfAbsent(attributes, a -> DistributionSummary.builder(name)
              .description(summaryDescription)
              .baseUnit(baseUnit)
              .serviceLevelObjectives(slos)
              .tags(tags(a))
              .register(registry));
        }
      };
    }
  }
}
