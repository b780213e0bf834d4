package dev.breaker.autoconfigure;

import dev.breaker.BreakerRegistry;
import dev.breaker.FleetSync;
import dev.breaker.shared.RedisFleetSync;
import dev.breaker.shared.SharedStateSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;

/**
 * Fleet-wide breakers: with Spring Data Redis (Lettuce) in the application, breakers marked
 * {@code shared: true} share their state through it (see {@link RedisFleetSync}). Without it, a breaker
 * marked {@code shared: true} stops startup with an explanation.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class, before = BreakerAutoConfiguration.class)
@ConditionalOnClass({ ReactiveStringRedisTemplate.class, Flux.class })
@ConditionalOnBean({ RedisConnectionFactory.class, ReactiveRedisConnectionFactory.class })
@EnableConfigurationProperties(BreakerProperties.class)
public final class BreakerSharedStateAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(FleetSync.class)
    RedisFleetSync breakerFleetSync(ReactiveRedisConnectionFactory reactive, RedisConnectionFactory connections,
            BreakerProperties properties, Environment environment, ObjectProvider<BreakerRegistry> registry) {
        SharedStateSettings settings = settings(properties.getShared(), environment);
        return new RedisFleetSync(new ReactiveStringRedisTemplate(reactive), connections, settings,
                registry::getIfAvailable);
    }

    private static SharedStateSettings settings(BreakerSharedProperties shared, Environment environment) {
        SharedStateSettings.Builder settings = SharedStateSettings.builder();
        PropertyMapper map = PropertyMapper.get();
        map.from(shared::getKeyPrefix).to(settings::keyPrefix);
        map.from(shared::getNamespace).to(settings::namespace);
        map.from(environment.getProperty("spring.application.name")).to(settings::applicationName);
        map.from(shared::getInstanceId).to(settings::instanceId);
        map.from(shared::getTimeout).to(settings::timeout);
        map.from(shared::getReconcileInterval).to(settings::reconcileInterval);
        map.from(shared::getProbeLeaseTime).to(settings::probeLeaseTime);
        return settings.build();
    }
}
