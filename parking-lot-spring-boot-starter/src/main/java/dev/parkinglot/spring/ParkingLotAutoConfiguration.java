package dev.parkinglot.spring;

import dev.parkinglot.ParkingLot;
import dev.parkinglot.core.ParkingLotBuilder;
import dev.parkinglot.core.ParkingLots;
import dev.parkinglot.spi.StoreConfig;
import dev.parkinglot.spi.TraceContextStore;
import io.opentelemetry.api.OpenTelemetry;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures a {@link ParkingLot} bean from {@code parkinglot.*} ({@link ParkingLotProperties}):
 *
 * <ul>
 *   <li>the store ({@code parkinglot.store}, {@code memory} by default): {@code jdbc} on the
 *       application's {@code DataSource}, {@code redis} where Spring Boot's Redis connection
 *       details (or {@code spring.data.redis.*}) point,
 *       {@code dynamodb} on a {@code DynamoDbClient} bean, any other through the library's store
 *       discovery. The store is a bean ({@code parkingLotStore}) closed with the context; an
 *       application's own {@link TraceContextStore} bean replaces it;
 *   <li>the lot on the application's {@link OpenTelemetry} bean when there is one (the OpenTelemetry
 *       Spring Boot starter's, Spring Boot 4's, or the application's own SDK), otherwise on
 *       {@code GlobalOpenTelemetry} (the Java agent's); an application's own {@link ParkingLot}
 *       bean replaces it;
 *   <li>the {@link TraceCallback} and {@link Park} annotations on any bean's methods.
 * </ul>
 *
 * <p>Health ({@link ParkingLotHealthConfiguration}) and Micrometer metrics ({@link
 * ParkingLotMetricsConfiguration}) are configured beside it when Actuator and Micrometer are there.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration",
      "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
      "io.opentelemetry.instrumentation.spring.autoconfigure.OpenTelemetryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
      "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration"
    })
@EnableConfigurationProperties(ParkingLotProperties.class)
@Import({ParkingLotHealthConfiguration.class, ParkingLotMetricsConfiguration.class,
    ParkingLotProxyRegistrar.class})
public class ParkingLotAutoConfiguration {
  /** Created by Spring. */
  public ParkingLotAutoConfiguration() {}

  /**
   * The store {@code parkinglot.store} names, built by the library from the same settings; closed
   * with the context. Not made when the application has its own store or lot.
   *
   * @param properties the bound {@code parkinglot.*} settings
   * @param environment where {@code spring.data.redis.*} is read
   * @param beans where the application's {@code DataSource} or {@code DynamoDbClient} is found
   * @return the store
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean({TraceContextStore.class, ParkingLot.class})
  public TraceContextStore parkingLotStore(
      ParkingLotProperties properties, Environment environment, ListableBeanFactory beans) {
    return ParkingLotStores.create(properties.toMap(), environment, beans, classLoader());
  }

  /**
   * The lot: the settings read by the library ({@link ParkingLotBuilder#config(StoreConfig,
   * ClassLoader)}, same checks and messages), on the store bean and the application's {@code
   * OpenTelemetry}. Closing it leaves the store to the context.
   *
   * @param properties the bound {@code parkinglot.*} settings
   * @param store the store bean
   * @param openTelemetry the application's OpenTelemetry, if any
   * @param telemetryDecorators the Micrometer bridge, when Micrometer is there
   * @return the lot
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(ParkingLot.class)
  public ParkingLot parkingLot(
      ParkingLotProperties properties,
      TraceContextStore store,
      ObjectProvider<OpenTelemetry> openTelemetry,
      ObjectProvider<LotTelemetryDecorator> telemetryDecorators) {
    ParkingLotBuilder builder =
        ParkingLots.builder().config(StoreConfig.of(properties.toMap()), classLoader()).store(store);
    @Nullable OpenTelemetry telemetry = openTelemetry.getIfAvailable();
    for (LotTelemetryDecorator decorator : telemetryDecorators.orderedStream().toList()) {
      telemetry = decorator.decorate(telemetry);
    }
    if (telemetry != null) {
      builder.openTelemetry(telemetry);
    }
    return builder.build();
  }

  /**
   * The advisor behind {@link TraceCallback} and {@link Park}; the lot is looked up at the first
   * annotated call, so that proxying a bean never creates the lot early.
   *
   * @param lot the lot, looked up lazily
   * @return the advisor
   */
  @Bean
  @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
  public static ParkingLotAnnotationAdvisor parkingLotAnnotationAdvisor(ObjectProvider<ParkingLot> lot) {
    return new ParkingLotAnnotationAdvisor(lot::getObject);
  }

  private static ClassLoader classLoader() {
    ClassLoader loader = ClassUtils.getDefaultClassLoader();
    return loader != null ? loader : ParkingLotAutoConfiguration.class.getClassLoader();
  }

  /** Wraps the lot's OpenTelemetry (null: the global one), for the Micrometer bridge. */
  interface LotTelemetryDecorator {
    @Nullable OpenTelemetry decorate(@Nullable OpenTelemetry openTelemetry);
  }
}
