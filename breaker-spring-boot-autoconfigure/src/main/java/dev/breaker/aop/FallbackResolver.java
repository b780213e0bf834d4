package dev.breaker.aop;

import dev.breaker.annotation.CircuitBreaker;
import dev.breaker.definition.BreakerConfigurationException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds and checks the fallback named by {@link CircuitBreaker#fallbackMethod()} when the plan of a method is
 * built, at proxy creation: a fallback that cannot serve fails startup with what was found and what to write,
 * instead of failing the first call that needs it.
 */
final class FallbackResolver {

    private FallbackResolver() {
    }

    /**
     * The fallbacks of {@code method}, or {@code null} when the annotation names none.
     *
     * @param async whether the method returns a {@code CompletionStage}, in which case any
     *        {@code CompletionStage} type is a compatible fallback result (it is composed onto the call's stage)
     * @throws BreakerConfigurationException if no method of that name can serve, or two serve the same exception
     */
    static @Nullable FallbackMethods resolve(Class<?> beanClass, Method method, CircuitBreaker annotation,
            boolean async) {
        String name = annotation.fallbackMethod();
        if (name.isEmpty()) {
            return null;
        }
        List<Method> candidates = candidates(beanClass, name);
        Map<Class<?>, FallbackMethod> byErrorType = new LinkedHashMap<>();
        FallbackMethod withoutError = null;
        List<String> rejections = new ArrayList<>();
        for (Method candidate : candidates) {
            String rejection = rejection(method, candidate, async);
            if (rejection != null) {
                rejections.add(Signatures.method(candidate) + " in " + candidate.getDeclaringClass().getName()
                        + ": " + rejection);
                continue;
            }
            ReflectionUtils.makeAccessible(candidate);
            int count = method.getParameterCount();
            Class<?> errorType = candidate.getParameterCount() > count ? candidate.getParameterTypes()[count] : null;
            FallbackMethod fallback = new FallbackMethod(candidate, errorType);
            FallbackMethod clash = (errorType != null) ? byErrorType.putIfAbsent(errorType, fallback) : withoutError;
            if (clash != null) {
                throw ambiguous(beanClass, method, annotation, clash.method(), candidate);
            }
            if (errorType == null) {
                withoutError = fallback;
            }
        }
        if (byErrorType.isEmpty() && withoutError == null) {
            throw unusable(beanClass, method, annotation, rejections);
        }
        return new FallbackMethods(byErrorType, withoutError);
    }

    /** Methods called {@code name} in the class and its superclasses, any visibility, overridden ones once. */
    private static List<Method> candidates(Class<?> beanClass, String name) {
        List<Method> found = new ArrayList<>();
        Set<List<Class<?>>> seen = new HashSet<>();
        for (Class<?> type = beanClass; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method candidate : type.getDeclaredMethods()) {
                if (candidate.getName().equals(name) && !candidate.isBridge() && !candidate.isSynthetic()
                        && seen.add(Arrays.asList(candidate.getParameterTypes()))) {
                    found.add(candidate);
                }
            }
        }
        return found;
    }

    /** Why {@code candidate} cannot be the fallback of {@code method}, or {@code null} if it can. */
    static @Nullable String rejection(Method method, Method candidate, boolean async) {
        Class<?>[] expected = method.getParameterTypes();
        Parameter[] parameters = candidate.getParameters();
        int count = expected.length;
        if (parameters.length < count) {
            return "it takes " + parameters(parameters.length) + "; it must take the " + parameters(count)
                    + " of " + method.getName() + " first";
        }
        for (int i = 0; i < count; i++) {
            if (!ClassUtils.isAssignable(parameters[i].getType(), expected[i])) {
                return "its parameter " + (i + 1) + " '" + Signatures.parameter(parameters[i])
                        + "' cannot take the " + Signatures.type(expected[i]) + " that " + method.getName()
                        + " receives";
            }
        }
        int extra = parameters.length - count;
        if (extra > 1) {
            boolean allThrowables = Arrays.stream(parameters, count, parameters.length)
                    .allMatch(p -> Throwable.class.isAssignableFrom(p.getType()));
            return allThrowables
                    ? "it takes " + extra + " Throwable parameters after those of " + method.getName()
                            + "; at most one is allowed"
                    : "it takes " + extra + " parameters after those of " + method.getName()
                            + "; only one, of a Throwable type, is allowed";
        }
        if (extra == 1 && !Throwable.class.isAssignableFrom(parameters[count].getType())) {
            return "its last parameter '" + Signatures.parameter(parameters[count]) + "' is not a Throwable";
        }
        if (!returnTypeFits(method.getReturnType(), candidate.getReturnType(), async)) {
            String returned = "it returns " + Signatures.type(candidate.getGenericReturnType());
            String needed = Signatures.type(method.getGenericReturnType());
            return async ? returned + ", not a CompletionStage (" + method.getName() + " returns " + needed + ")"
                    : returned + ", which " + method.getName() + " cannot return (it returns " + needed + ")";
        }
        return null;
    }

    private static boolean returnTypeFits(Class<?> expected, Class<?> actual, boolean async) {
        if (async) {
            return CompletionStage.class.isAssignableFrom(actual);
        }
        if (expected == void.class || actual == void.class) {
            return expected == actual;
        }
        // Boxing of the same type is fine (int and Integer); widening is not (int for long).
        return ClassUtils.resolvePrimitiveIfNecessary(expected)
                .isAssignableFrom(ClassUtils.resolvePrimitiveIfNecessary(actual));
    }

    private static BreakerConfigurationException unusable(Class<?> beanClass, Method method, CircuitBreaker annotation,
            List<String> rejections) {
        String name = annotation.fallbackMethod();
        StringBuilder description = new StringBuilder("Fallback method '").append(name).append("' of ")
                .append(annotation(annotation)).append(" on ").append(Signatures.qualified(beanClass, method));
        if (rejections.isEmpty()) {
            description.append(" does not exist: ").append(beanClass.getName())
                    .append(" and its superclasses declare no method named '").append(name).append("'.");
        } else {
            description.append(" cannot serve it. Found:");
            rejections.forEach(rejection -> description.append("\n    - ").append(rejection));
        }
        return new BreakerConfigurationException(description.toString(), accepted(beanClass, method, name));
    }

    private static BreakerConfigurationException ambiguous(Class<?> beanClass, Method method, CircuitBreaker annotation,
            Method first, Method second) {
        return new BreakerConfigurationException("Fallback method '" + annotation.fallbackMethod() + "' of "
                + annotation(annotation) + " on " + Signatures.qualified(beanClass, method) + " is ambiguous: "
                + Signatures.method(first) + " and " + Signatures.method(second)
                + " both serve the same exceptions.", "Keep one of them, or give them different exception parameter"
                + " types (the closest supertype of the thrown exception wins).");
    }

    private static String accepted(Class<?> beanClass, Method method, String name) {
        String visibility = Modifier.toString(method.getModifiers()
                & (Modifier.PUBLIC | Modifier.PROTECTED | Modifier.PRIVATE));
        String head = (visibility.isEmpty() ? "" : visibility + " ") + Signatures.type(method.getGenericReturnType())
                + " " + name + "(";
        String parameters = String.join(", ",
                Arrays.stream(method.getParameters()).map(Signatures::parameter).toList());
        String withError = parameters.isEmpty() ? "Throwable error" : parameters + ", Throwable error";
        return "Declare the fallback in " + beanClass.getName() + " (or a superclass, any visibility) with the"
                + " parameters of " + method.getName() + ", optionally followed by one Throwable-typed parameter"
                + " (narrow it, e.g. to CallNotPermittedException, to handle only that), and a compatible return"
                + " type:\n    " + head + parameters + ")\n    " + head + withError + ")\n"
                + "or point fallbackMethod at an existing method.";
    }

    private static String annotation(CircuitBreaker annotation) {
        return "@CircuitBreaker(name = \"" + annotation.name() + "\")";
    }

    private static String parameters(int count) {
        return count + (count == 1 ? " parameter" : " parameters");
    }
}
