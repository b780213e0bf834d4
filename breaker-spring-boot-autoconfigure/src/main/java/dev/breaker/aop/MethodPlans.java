package dev.breaker.aop;

import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.definition.BreakerConfigurationException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The plans of every protected method, per target class. A class is inspected once, the first time the
 * auto-proxy creator asks about it: every annotated method is checked and planned then, so a mistake in any
 * of them fails startup, even in a method the proxy creator would not have asked about.
 */
final class MethodPlans {

    private final Guards guards;
    private final ConcurrentHashMap<Class<?>, ClassPlans> byClass = new ConcurrentHashMap<>();
    /**
     * The plans of the methods called so far, by the identity of the {@code Method} a proxy passes and the target
     * class: open addressing in an array, read with no lock and no hashing but the identity hash, so that a call
     * looks its plan up in a few dependent loads instead of two map reads keyed by {@code Method} and class.
     */
    private volatile Called[] called = new Called[16];

    MethodPlans(Guards guards) {
        this.guards = guards;
    }

    /** Whether {@code targetClass} has any protected method. */
    boolean protects(Class<?> targetClass) {
        return classPlans(targetClass) != ClassPlans.NONE;
    }

    /** The plan of {@code method} called on a {@code targetClass}, or {@code null} if it is not protected. */
    @Nullable MethodPlan planFor(Method method, @Nullable Class<?> targetClass) {
        Class<?> type = (targetClass != null) ? targetClass : method.getDeclaringClass();
        Called[] table = called;
        int mask = table.length - 1;
        for (int i = System.identityHashCode(method) & mask;; i = (i + 1) & mask) {
            Called entry = table[i];
            if (entry == null) {
                return remember(method, type);
            }
            if (entry.method == method && entry.type == type) {
                return entry.plan;
            }
        }
    }

    /**
     * Works out the plan of a method and target class not called before, and adds it to {@link #called}. The
     * table is copied on each addition (a proxy has a fixed set of methods, so additions stop soon after startup).
     */
    private synchronized @Nullable MethodPlan remember(Method method, Class<?> type) {
        MethodPlan plan = classPlans(type).planFor(method);
        Called[] table = called;
        int size = 1;
        for (Called entry : table) {
            if (entry != null) {
                if (entry.method == method && entry.type == type) {
                    return entry.plan; // added by another thread meanwhile
                }
                size++;
            }
        }
        // At most half full: a lookup probes a slot or two.
        Called[] grown = new Called[(size * 2 > table.length) ? table.length * 2 : table.length];
        for (Called entry : table) {
            if (entry != null) {
                put(grown, entry);
            }
        }
        put(grown, new Called(method, type, plan));
        called = grown;
        return plan;
    }

    private static void put(Called[] table, Called entry) {
        int mask = table.length - 1;
        int i = System.identityHashCode(entry.method) & mask;
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = entry;
    }

    /**
     * A method as a proxy passes it (the same {@code Method} object on every call), the class of the target it
     * was called on, and its plan (null: not protected).
     */
    private record Called(Method method, Class<?> type, @Nullable MethodPlan plan) {
    }

    private ClassPlans classPlans(Class<?> type) {
        ClassPlans plans = byClass.get(type);
        // A failed inspection stores nothing, so asking again reports the same mistake again.
        return (plans != null) ? plans : byClass.computeIfAbsent(type, this::inspect);
    }

    private ClassPlans inspect(Class<?> type) {
        Class<?> userClass = ClassUtils.getUserClass(type);
        if (!AnnotationUtils.isCandidateClass(userClass, CircuitBreaker.class)) {
            return ClassPlans.NONE;
        }
        CircuitBreaker onClass = AnnotatedElementUtils.findMergedAnnotation(userClass, CircuitBreaker.class);
        Map<Method, MethodPlan> plans = new HashMap<>();
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(userClass, ReflectionUtils.USER_DECLARED_METHODS)) {
            CircuitBreaker onMethod = AnnotatedElementUtils.findMergedAnnotation(method, CircuitBreaker.class);
            if (onMethod != null) {
                checkInterceptable(userClass, method, onMethod);
                plans.put(method, plan(userClass, method, onMethod));
            } else if (onClass != null && protectedByClassAnnotation(method)) {
                plans.put(method, plan(userClass, method, onClass));
            }
        }
        return plans.isEmpty() ? ClassPlans.NONE : new ClassPlans(userClass, plans);
    }

    /** A class annotation covers the public API a proxy can intercept, but not equals, hashCode or toString. */
    private static boolean protectedByClassAnnotation(Method method) {
        int modifiers = method.getModifiers();
        return Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers)
                && !ReflectionUtils.isObjectMethod(method);
    }

    /** An annotation the proxy can never apply must not pass silently: the user believes the method is protected. */
    private static void checkInterceptable(Class<?> beanClass, Method method, CircuitBreaker annotation) {
        int modifiers = method.getModifiers();
        String why = Modifier.isPrivate(modifiers) ? "private: a proxy cannot see private methods"
                : Modifier.isStatic(modifiers) ? "static: a proxy only intercepts calls on the bean instance"
                : Modifier.isFinal(modifiers) ? "final: a class-based (CGLIB) proxy cannot override final methods"
                : null;
        if (why != null) {
            throw new BreakerConfigurationException("@CircuitBreaker(name = \"" + annotation.name() + "\") on "
                    + Signatures.qualified(beanClass, method) + " can never run: the method is " + why + ".",
                    "Make " + method.getName() + " an instance method that is neither private nor final (public is"
                    + " usual) and call it through the bean from other beans, or remove the annotation.");
        }
    }

    private MethodPlan plan(Class<?> beanClass, Method method, CircuitBreaker annotation) {
        String description = Signatures.qualified(beanClass, method);
        if (annotation.name().isBlank()) {
            throw new BreakerConfigurationException("@CircuitBreaker on " + description + " has a blank name.",
                    "Name the breaker, e.g. @CircuitBreaker(name = \"payment\"); its settings come from"
                    + " breaker.instances.<name>.");
        }
        CallStrategy strategy = strategyFor(method.getReturnType());
        FallbackMethods fallbacks = FallbackResolver.resolve(beanClass, method, annotation,
                strategy instanceof StageCalls);
        // The guard (the breaker and its layers) is resolved on the first call, never at proxy creation.
        return new MethodPlan(description, guards.named(annotation.name()), strategy, fallbacks);
    }

    private static CallStrategy strategyFor(Class<?> returnType) {
        if (returnType == CompletionStage.class) {
            return StageCalls.COMPLETION_STAGE;
        }
        if (returnType == CompletableFuture.class) {
            return StageCalls.COMPLETABLE_FUTURE;
        }
        // Decided by the return type's name: a method returning Mono or Flux proves Reactor is there, and
        // ReactorCalls (the only class of the package naming Reactor) is loaded only then.
        if (returnType.getName().startsWith("reactor.core.publisher.")) {
            CallStrategy reactive = ReactorCalls.forReturnType(returnType);
            if (reactive != null) {
                return reactive;
            }
        }
        return SyncCalls.INSTANCE;
    }

    /** The plans of one target class, by declared method. */
    private static final class ClassPlans {

        static final ClassPlans NONE = new ClassPlans(Object.class, Map.of());

        private final Class<?> userClass;
        private final Map<Method, MethodPlan> declared;

        ClassPlans(Class<?> userClass, Map<Method, MethodPlan> declared) {
            this.userClass = userClass;
            this.declared = Map.copyOf(declared);
        }

        @Nullable MethodPlan planFor(Method method) {
            if (declared.isEmpty()) {
                return null;
            }
            // Interface and bridge methods map to the class's own method; once per method and class (remember).
            return declared.get(AopUtils.getMostSpecificMethod(method, userClass));
        }
    }
}
