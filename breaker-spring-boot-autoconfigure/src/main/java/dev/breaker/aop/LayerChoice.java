package dev.breaker.aop;

import dev.breaker.Breaker;
import dev.breaker.CallTimeoutException;
import dev.breaker.autoconfigure.BreakerLayerRegistry;
import dev.breaker.autoconfigure.BreakerLayers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

/**
 * The first strategy of a method's plan: on its first call, looks up the layers of the method's breaker and
 * puts the strategy for good in the plan, the plain one when the breaker has no layer (so such a breaker
 * keeps exactly the path and cost it had), else the layered one for the return type.
 */
final class LayerChoice implements CallStrategy {

    private final CallStrategy plain;
    private final Class<?> returnType;
    private final Supplier<@Nullable BreakerLayerRegistry> registry;

    LayerChoice(CallStrategy plain, Class<?> returnType, Supplier<@Nullable BreakerLayerRegistry> registry) {
        this.plain = plain;
        this.returnType = returnType;
        this.registry = registry;
    }

    @Override
    public @Nullable Object invoke(MethodPlan plan, MethodInvocation invocation) throws Throwable {
        BreakerLayerRegistry layerRegistry = registry.get();
        BreakerLayers layers = (layerRegistry != null) ? layerRegistry.layers(plan.breakerName()).orElse(null) : null;
        CallStrategy chosen = (layers != null) ? layered(layers) : plain;
        plan.useStrategy(chosen);
        return chosen.invoke(plan, invocation);
    }

    private CallStrategy layered(BreakerLayers layers) {
        if (returnType == CompletionStage.class || returnType == CompletableFuture.class) {
            return new LayeredStageCalls(layers, returnType == CompletableFuture.class);
        }
        if (returnType.getName().startsWith("reactor.core.publisher.")) {
            CallStrategy reactive = LayeredReactorCalls.forReturnType(returnType, layers);
            if (reactive != null) {
                return reactive;
            }
        }
        return new LayeredSyncCalls(layers);
    }

    /**
     * Records an attempt that ended with {@code error} on its permit. A timed-out call ran at least its
     * timeout and did not finish: it is recorded as longer than the timeout (the slow-call threshold is capped
     * at the timeout), so it counts as slow whatever clock measured it. An interrupted caller says nothing
     * about the dependency: its permit is given back.
     */
    static void recordError(Breaker.Permit permit, long nanos, Throwable error) {
        if (error instanceof InterruptedException) {
            permit.release();
        } else if (error instanceof CallTimeoutException timeout) {
            permit.onError(Math.max(nanos, timeout.timeout().toNanos() + 1), error);
        } else {
            permit.onError(nanos, error);
        }
    }

    @Override
    public String toString() {
        return plain + " (layers chosen on the first call)";
    }
}
