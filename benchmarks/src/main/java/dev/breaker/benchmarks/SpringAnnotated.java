package dev.breaker.benchmarks;

import dev.breaker.BreakerRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;

/**
 * An annotated bean method called through a Spring Boot application with the full auto-configuration:
 * Breaker's starter (advisor, registry, actuator, Micrometer metrics) and Resilience4j's Spring Boot 4
 * starter with AspectJ, side by side in one context, each breaker set like the core benchmarks' ones.
 *
 * <p>Two floors for reference: the same method under a no-op {@code MethodInterceptor} advisor (the kind of
 * advice Breaker uses) and under a no-op AspectJ {@code @Around} advice (the kind Resilience4j uses).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 4, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class SpringAnnotated {

    private ConfigurableApplicationContext context;
    private BreakerService breaker;
    private PlainService plain;
    private Resilience4jService resilience4j;
    private NoOpInterceptedService noOpInterceptor;
    private NoOpAroundService noOpAround;

    @Setup
    public void start() {
        context = start(Map.of());
        breaker = context.getBean(BreakerService.class);
        plain = context.getBean(PlainService.class);
        resilience4j = context.getBean(Resilience4jService.class);
        noOpInterceptor = context.getBean(NoOpInterceptedService.class);
        noOpAround = context.getBean(NoOpAroundService.class);
        checkWiring(context, breaker, plain, resilience4j);
        if (!AopUtils.isAopProxy(noOpInterceptor) || !AopUtils.isAopProxy(noOpAround)) {
            throw new IllegalStateException("the no-op advice is not applied");
        }
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        // Breaker's is a function timer over counters the calls add to; Resilience4j's a Timer recorded per call
        if (meters.find(SpringWithoutCallTimers.BREAKER_TIMER).functionTimer() == null
                || meters.find(SpringWithoutCallTimers.RESILIENCE4J_TIMER).timer() == null) {
            throw new IllegalStateException("expected both libraries' per-call timers, found " + meters.getMeters()
                    .stream().map(meter -> meter.getId().getName()).filter(name -> !name.startsWith("jvm")).toList());
        }
    }

    /**
     * The benchmark application, with the breakers set like the core benchmarks' ones, plus {@code extra}
     * properties and the beans of {@code moreSources}.
     */
    static ConfigurableApplicationContext start(Map<String, Object> extra, Class<?>... moreSources) {
        SpringApplication application = new SpringApplication(BenchmarkApplication.class);
        application.addPrimarySources(List.of(moreSources));
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("logging.level.root", "WARN");
        // The CloudFactory benchmark puts Spring Cloud CircuitBreaker on the class path; these contexts measure
        // annotated calls, as without it.
        properties.put("spring.autoconfigure.exclude", String.join(",",
                "org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JAutoConfiguration",
                "org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JAutoConfiguration",
                "dev.breaker.cloud.autoconfigure.BreakerSpringCloudAutoConfiguration",
                "dev.breaker.cloud.autoconfigure.BreakerGatewayAutoConfiguration"));
        properties.put("breaker.instances.bench.sliding-window-size", Calls.WINDOW_CALLS);
        properties.put("breaker.instances.bench.minimum-number-of-calls", Calls.MINIMUM_CALLS);
        properties.put("breaker.instances.bench.failure-rate-threshold", Calls.FAILURE_RATE_THRESHOLD);
        properties.put("breaker.instances.bench.wait-duration-in-open-state", Calls.OPEN_WAIT.toString());
        properties.put("resilience4j.circuitbreaker.instances.bench.sliding-window-size", Calls.WINDOW_CALLS);
        properties.put("resilience4j.circuitbreaker.instances.bench.minimum-number-of-calls", Calls.MINIMUM_CALLS);
        properties.put("resilience4j.circuitbreaker.instances.bench.failure-rate-threshold",
                Calls.FAILURE_RATE_THRESHOLD);
        properties.put("resilience4j.circuitbreaker.instances.bench.wait-duration-in-open-state",
                Calls.OPEN_WAIT.toString());
        properties.putAll(extra);
        application.setDefaultProperties(properties);
        return application.run();
    }

    /** Fails the run rather than measure a bean that no advice reaches. */
    static void checkWiring(ConfigurableApplicationContext context, BreakerService breaker, PlainService plain,
            Resilience4jService resilience4j) {
        if (!AopUtils.isAopProxy(breaker) || !AopUtils.isAopProxy(resilience4j) || AopUtils.isAopProxy(plain)) {
            throw new IllegalStateException("unexpected proxies: " + breaker.getClass() + ", "
                    + resilience4j.getClass() + ", " + plain.getClass());
        }
        breaker.call();
        resilience4j.call();
        long breakerCalls = context.getBean(BreakerRegistry.class).breaker("bench").metrics().successfulCallsTotal();
        int resilience4jCalls = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("bench").getMetrics()
                .getNumberOfSuccessfulCalls();
        if (breakerCalls != 1 || resilience4jCalls != 1) {
            throw new IllegalStateException("calls recorded: Breaker " + breakerCalls + ", Resilience4j "
                    + resilience4jCalls + " (1 each expected)");
        }
    }

    @TearDown
    public void stop() {
        context.close();
    }

    @Benchmark
    public String breakerAnnotated() {
        return breaker.call();
    }

    @Benchmark
    public String unannotated() {
        return plain.call();
    }

    @Benchmark
    public String resilience4jAnnotated() {
        return resilience4j.call();
    }

    @Benchmark
    public String noOpInterceptor() {
        return noOpInterceptor.call();
    }

    @Benchmark
    public String noOpAround() {
        return noOpAround.call();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class BenchmarkApplication {

        @Bean
        BreakerService breakerService() {
            return new BreakerService();
        }

        @Bean
        PlainService plainService() {
            return new PlainService();
        }

        @Bean
        Resilience4jService resilience4jService() {
            return new Resilience4jService();
        }

        @Bean
        NoOpInterceptedService noOpInterceptedService() {
            return new NoOpInterceptedService();
        }

        @Bean
        NoOpAroundService noOpAroundService() {
            return new NoOpAroundService();
        }

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE) // as Breaker's own advisor: no "not eligible for auto-proxying" warning
        static Advisor noOpInterceptorAdvisor() {
            return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(NoOpIntercepted.class),
                    (MethodInterceptor) MethodInvocation::proceed);
        }

        @Bean
        NoOpAspect noOpAspect() {
            return new NoOpAspect();
        }
    }

    /** Marks the method of the no-op {@code MethodInterceptor} advisor. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface NoOpIntercepted {
    }

    /** Marks the method of the no-op {@code @Around} advice. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface NoOpAround {
    }

    @Aspect
    public static class NoOpAspect {

        @Around("@annotation(dev.breaker.benchmarks.SpringAnnotated.NoOpAround)")
        public Object proceed(ProceedingJoinPoint call) throws Throwable {
            return call.proceed();
        }
    }

    public static class NoOpInterceptedService {

        private final String payload = "response";

        @NoOpIntercepted
        public String call() {
            return payload;
        }
    }

    public static class NoOpAroundService {

        private final String payload = "response";

        @NoOpAround
        public String call() {
            return payload;
        }
    }

    public static class PlainService {

        private final String payload = "response";

        public String call() {
            return payload;
        }
    }

    public static class BreakerService {

        private final String payload = "response";

        @dev.breaker.annotation.CircuitBreaker(name = "bench")
        public String call() {
            return payload;
        }
    }

    public static class Resilience4jService {

        private final String payload = "response";

        @io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker(name = "bench")
        public String call() {
            return payload;
        }
    }
}
