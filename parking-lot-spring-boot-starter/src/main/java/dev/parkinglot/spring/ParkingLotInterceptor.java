package dev.parkinglot.spring;

import dev.parkinglot.CallbackConfig;
import dev.parkinglot.CallbackContext;
import dev.parkinglot.ParkOptions;
import dev.parkinglot.ParkingLot;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;

/*
 * Design notes.
 *
 * Each annotated method is wrapped once, at its first call: the lot's traceCallback or
 * traceAsyncCallback over a Call (the invocation), so the lot builds its span name, attributes and
 * metric attribute sets once per method, as for a hand-wrapped handler. The handler proceeds with
 * the invocation under the callback context (an OpenTelemetry context value), so the method sees
 * the span current and ParkingLotCallbacks.current(); a CallbackContext parameter is filled in.
 *
 * Checked exceptions of the method pass through the lot's Function unchanged (thrown as unchecked,
 * never wrapped), so the span records the real exception and the caller catches what it declared.
 *
 * A Mono is not run by the call that returns it: each subscription is one callback (claim, span,
 * method), on a clone of the invocation. Reactor is optional: without it, Mono is never matched.
 */
/** Runs {@link TraceCallback} and {@link Park} methods through the lot. */
final class ParkingLotInterceptor implements MethodInterceptor {
  private static final Log LOG = LogFactory.getLog(ParkingLotInterceptor.class);
  private static final boolean REACTOR = ClassUtils.isPresent(
      "reactor.core.publisher.Mono", ParkingLotInterceptor.class.getClassLoader());

  private final Supplier<ParkingLot> lot;
  private final ConcurrentMap<MethodClassKey, Handler> handlers = new ConcurrentHashMap<>();
  private final SpelExpressionParser parser = new SpelExpressionParser();
  private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

  ParkingLotInterceptor(Supplier<ParkingLot> lot) {
    this.lot = lot;
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    Object target = invocation.getThis();
    Class<?> targetClass = target != null ? AopUtils.getTargetClass(target) : invocation.getMethod().getDeclaringClass();
    Method method = AopUtils.getMostSpecificMethod(invocation.getMethod(), targetClass);
    Handler handler = handlers.computeIfAbsent(new MethodClassKey(method, targetClass), key -> handler(method, targetClass));
    return handler.invoke(invocation);
  }

  private interface Handler {
    @Nullable Object invoke(MethodInvocation invocation) throws Throwable;
  }

  /** One call of an annotated method. */
  private static final class Call {
    final MethodInvocation invocation;
    /** For a Mono: the subscription the callback made, cancelled when its subscriber cancels. */
    volatile @Nullable CompletableFuture<?> subscription;

    Call(MethodInvocation invocation) {
      this.invocation = invocation;
    }

    void cancel() {
      CompletableFuture<?> running = subscription;
      if (running != null) {
        running.cancel(false);
      }
    }
  }

  private Handler handler(Method method, Class<?> targetClass) {
    Handler inner = MethodInvocation::proceed;
    Park park = AnnotatedElementUtils.findMergedAnnotation(method, Park.class);
    if (park != null) {
      inner = parkHandler(method, park);
    }
    TraceCallback callback = AnnotatedElementUtils.findMergedAnnotation(method, TraceCallback.class);
    if (callback != null) {
      inner = callbackHandler(method, targetClass, callback, inner);
    }
    return inner;
  }

  // ---------------------------------------------------------------------------------------------
  // @TraceCallback

  private Handler callbackHandler(Method method, Class<?> targetClass, TraceCallback annotation, Handler inner) {
    String spanName = annotation.name().isBlank()
        ? ClassUtils.getUserClass(targetClass).getSimpleName() + "." + method.getName()
        : annotation.name();
    CallbackConfig.Builder<Call> builder;
    if (!annotation.key().isBlank()) {
      Expression key = parse(annotation.key(), "@TraceCallback", method);
      builder = CallbackConfig.builder(
          spanName, call -> key(key, "@TraceCallback", method, call.invocation, null, false));
      if (!annotation.ticket().isBlank()) {
        builder.ticketFrom(ticketFrom(annotation.ticket(), method));
      }
    } else if (!annotation.ticket().isBlank()) {
      builder = CallbackConfig.builderForTicket(spanName, ticketFrom(annotation.ticket(), method));
    } else {
      throw new IllegalArgumentException("@TraceCallback on " + method + " needs a key or a ticket expression");
    }
    if (annotation.kind().length > 1) {
      throw new IllegalArgumentException("@TraceCallback on " + method + " names more than one span kind");
    }
    if (annotation.kind().length == 1) {
      builder.spanKind(annotation.kind()[0]);
    }
    CallbackConfig<Call> config = builder
        .requireParkedContext(annotation.requireParkedContext())
        .relation(annotation.relation())
        .build();
    int contextParameter = contextParameter(method);
    Class<?> returnType = method.getReturnType();
    if (CompletionStage.class.isAssignableFrom(returnType)) {
      Function<Call, CompletionStage<Object>> wrapped = new Lazy<>(() -> lot.get().traceAsyncCallback(
          config, (context, call) -> stage(proceed(call.invocation, context, contextParameter, inner, r -> r))));
      boolean future = returnType.isAssignableFrom(CompletableFuture.class);
      return invocation -> {
        CompletionStage<Object> stage = wrapped.apply(new Call(invocation));
        return future ? stage.toCompletableFuture() : stage;
      };
    }
    if (REACTOR && Reactor.isMono(returnType)) {
      Function<Call, CompletionStage<Object>> wrapped = new Lazy<>(() -> lot.get().traceAsyncCallback(
          config, (context, call) -> stage(proceed(call.invocation, context, contextParameter, inner, mono -> {
            CompletableFuture<Object> subscription = Reactor.subscribe(mono);
            call.subscription = subscription;
            return subscription;
          }))));
      // A cancelled subscriber (a client that went away) cancels the method's Mono, which ends the span.
      return invocation -> Reactor.deferred(() -> new Call(clone(invocation)), wrapped, Call::cancel);
    }
    Function<Call, @Nullable Object> wrapped = new Lazy<>(() -> lot.get().traceCallback(
        config, (context, call) -> proceed(call.invocation, context, contextParameter, inner, r -> r)));
    return invocation -> wrapped.apply(new Call(invocation));
  }

  /**
   * Runs the method under the callback context; {@code adapt} turns its result into what the lot
   * waits for (a Mono is subscribed here, so that its synchronous part sees the context too).
   */
  private static @Nullable Object proceed(MethodInvocation invocation, CallbackContext context,
      int contextParameter, Handler inner, Function<@Nullable Object, @Nullable Object> adapt) {
    if (contextParameter >= 0) {
      invocation.getArguments()[contextParameter] = context;
    }
    try (Scope ignored = Context.current().with(ParkingLotCallbacks.KEY, context).makeCurrent()) {
      return adapt.apply(inner.invoke(invocation));
    } catch (Throwable t) {
      throw ParkingLotInterceptor.<RuntimeException>sneaky(t);
    }
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<Object> stage(@Nullable Object result) {
    return result == null ? CompletableFuture.completedFuture(null) : (CompletionStage<Object>) result;
  }

  private static int contextParameter(Method method) {
    Class<?>[] types = method.getParameterTypes();
    for (int i = 0; i < types.length; i++) {
      if (types[i] == CallbackContext.class) {
        return i;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------------------------------------
  // @Park

  private Handler parkHandler(Method method, Park annotation) {
    Expression key = parse(annotation.key(), "@Park", method);
    if (!annotation.key().contains("#result")) {
      return invocation -> {
        lot.get().park(key(key, "@Park", method, invocation, null, false));
        return invocation.proceed();
      };
    }
    Class<?> returnType = method.getReturnType();
    return invocation -> {
      Context parkedFrom = Context.current();
      Object result = invocation.proceed();
      if (result instanceof CompletionStage) {
        CompletionStage<?> stage = ((CompletionStage<?>) result).whenComplete((value, failure) -> {
          if (failure == null) {
            parkAfter(key, method, invocation, value, parkedFrom);
          }
        });
        return returnType.isAssignableFrom(CompletableFuture.class) ? stage.toCompletableFuture() : stage;
      }
      if (REACTOR && Reactor.isMono(returnType) && result != null) {
        return Reactor.onValue(result, value -> parkAfter(key, method, invocation, value, parkedFrom));
      }
      parkAfter(key, method, invocation, result, parkedFrom);
      return result;
    };
  }

  /**
   * Parks after the method returned: a key that cannot be computed or breaks a limit is logged and
   * recorded on the span, never thrown (the method ran, and its result must reach the caller).
   */
  private void parkAfter(Expression key, Method method, MethodInvocation invocation, @Nullable Object result,
      Context parkedFrom) {
    String correlationKey;
    try {
      correlationKey = key(key, "@Park", method, invocation, result, true);
    } catch (RuntimeException e) {
      Span.fromContext(parkedFrom).recordException(e);
      LOG.warn("@Park on " + method + " parked nothing: " + e.getMessage(), e);
      return;
    }
    try {
      lot.get().park(correlationKey, ParkOptions.builder().context(parkedFrom).build());
    } catch (IllegalArgumentException e) {
      Span.fromContext(parkedFrom).recordException(e);
      LOG.warn("@Park on " + method + " parked nothing: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Keys

  private Expression parse(String expression, String annotation, Method method) {
    try {
      return parser.parseExpression(expression);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          annotation + " key '" + expression + "' on " + method + " is not a valid SpEL expression: "
              + e.getMessage(), e);
    }
  }

  /** The ticket text of a call: null or blank when it carries none. */
  private Function<Call, @Nullable String> ticketFrom(String expression, Method method) {
    Expression ticket = parse(expression, "@TraceCallback ticket", method);
    return call -> {
      Object[] args = call.invocation.getArguments();
      Object value = ticket.getValue(
          new MethodBasedEvaluationContext(new KeyRoot(call.invocation.getThis(), args), method, args, parameterNames));
      return value == null ? null : value.toString();
    };
  }

  private String key(Expression expression, String annotation, Method method, MethodInvocation invocation,
      @Nullable Object result, boolean withResult) {
    Object target = invocation.getThis();
    Object[] args = invocation.getArguments();
    MethodBasedEvaluationContext context =
        new MethodBasedEvaluationContext(new KeyRoot(target, args), method, args, parameterNames);
    if (withResult) {
      context.setVariable("result", result);
    }
    Object value;
    try {
      value = expression.getValue(context);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          annotation + " key '" + expression.getExpressionString() + "' on " + method + " failed: "
              + e.getMessage(), e);
    }
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException(
          annotation + " key '" + expression.getExpressionString() + "' on " + method + " gave "
              + (value == null ? "null" : "a blank value") + "; a correlation key must not be blank");
    }
    return value.toString();
  }

  /** The SpEL root: {@code #root.target} and {@code #root.args}. */
  public static final class KeyRoot {
    private final @Nullable Object target;
    private final Object[] args;

    KeyRoot(@Nullable Object target, Object[] args) {
      this.target = target;
      this.args = args;
    }

    /**
     * The bean the method was called on.
     *
     * @return the bean
     */
    public @Nullable Object getTarget() {
      return target;
    }

    /**
     * The method's arguments.
     *
     * @return the arguments
     */
    public Object[] getArgs() {
      return args;
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static MethodInvocation clone(MethodInvocation invocation) {
    return invocation instanceof ProxyMethodInvocation
        ? ((ProxyMethodInvocation) invocation).invocableClone()
        : invocation;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /** A wrapped handler made at its first call, when the lot is there. */
  private static final class Lazy<T, R> implements Function<T, R> {
    private final Supplier<Function<T, R>> factory;
    private volatile @Nullable Function<T, R> function;

    Lazy(Supplier<Function<T, R>> factory) {
      this.factory = factory;
    }

    @Override
    public R apply(T t) {
      Function<T, R> f = function;
      if (f == null) {
        synchronized (this) {
          f = function;
          if (f == null) {
            f = factory.get();
            function = f;
          }
        }
      }
      return f.apply(t);
    }
  }
}
