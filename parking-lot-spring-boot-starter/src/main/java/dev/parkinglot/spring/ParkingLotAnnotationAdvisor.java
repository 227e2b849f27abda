package dev.parkinglot.spring;

import dev.parkinglot.ParkingLot;
import java.lang.reflect.Method;
import java.util.function.Supplier;
import org.aopalliance.aop.Advice;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Applies {@link ParkingLotInterceptor} to every method annotated with {@link TraceCallback} or
 * {@link Park} (on the method, or on the interface method it implements).
 */
final class ParkingLotAnnotationAdvisor extends AbstractPointcutAdvisor {
  private static final long serialVersionUID = 1L;

  private final transient ParkingLotInterceptor interceptor;
  private final transient Pointcut pointcut = new AnnotatedMethods();

  ParkingLotAnnotationAdvisor(Supplier<ParkingLot> lot) {
    this.interceptor = new ParkingLotInterceptor(lot);
  }

  @Override
  public Pointcut getPointcut() {
    return pointcut;
  }

  @Override
  public Advice getAdvice() {
    return interceptor;
  }

  static boolean annotated(Method method) {
    return AnnotatedElementUtils.hasAnnotation(method, TraceCallback.class)
        || AnnotatedElementUtils.hasAnnotation(method, Park.class);
  }

  private static final class AnnotatedMethods extends StaticMethodMatcherPointcut {
    @Override
    public boolean matches(Method method, Class<?> targetClass) {
      return annotated(AopUtils.getMostSpecificMethod(method, targetClass)) || annotated(method);
    }
  }
}
