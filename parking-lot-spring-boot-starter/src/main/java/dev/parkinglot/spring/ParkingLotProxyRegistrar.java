package dev.parkinglot.spring;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Makes sure an auto-proxy creator applies the annotation advisor, also where {@code
 * spring.aop.auto=false} turned Boot's off. When Boot's (or AspectJ's) creator is registered, this
 * changes nothing. A bean without interfaces (a controller) gets a class proxy either way.
 */
final class ParkingLotProxyRegistrar implements ImportBeanDefinitionRegistrar {
  ParkingLotProxyRegistrar() {}

  @Override
  public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
  }
}
