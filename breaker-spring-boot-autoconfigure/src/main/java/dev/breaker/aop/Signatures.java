package dev.breaker.aop;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Java-source renderings of methods and types for startup messages: {@code pay(Payment payment)}. */
final class Signatures {

    private Signatures() {
    }

    /** {@code com.example.PaymentClient.pay(Payment payment)}. */
    static String qualified(Class<?> beanClass, Method method) {
        return beanClass.getName() + "." + method(method);
    }

    /** {@code pay(Payment payment)}. */
    static String method(Method method) {
        return method.getName() + Arrays.stream(method.getParameters()).map(Signatures::parameter)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** {@code Payment payment}; the real name, as the build compiles with {@code -parameters}. */
    static String parameter(Parameter parameter) {
        return type(parameter.getParameterizedType()) + " " + parameter.getName();
    }

    /** {@code Mono<List<String>>}: simple names, as a user would write them. */
    static String type(Type type) {
        if (type instanceof Class<?> c) {
            return c.isArray() ? type(c.getComponentType()) + "[]" : c.getSimpleName();
        }
        if (type instanceof ParameterizedType p) {
            return type(p.getRawType()) + Arrays.stream(p.getActualTypeArguments()).map(Signatures::type)
                    .collect(Collectors.joining(", ", "<", ">"));
        }
        if (type instanceof GenericArrayType array) {
            return type(array.getGenericComponentType()) + "[]";
        }
        if (type instanceof WildcardType wildcard) {
            if (wildcard.getLowerBounds().length > 0) {
                return "? super " + type(wildcard.getLowerBounds()[0]);
            }
            Type upper = wildcard.getUpperBounds()[0];
            return upper == Object.class ? "?" : "? extends " + type(upper);
        }
        return type.getTypeName();
    }
}
