package dev.breaker.aop;

import dev.breaker.Breaker;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The {@link FallbackListener} beans, resolved once on first use: the advisor is created by the auto-proxy
 * creator before most beans exist, so asking for the listeners any earlier could create them too soon.
 */
final class FallbackListeners {

    private static final Log logger = LogFactory.getLog(FallbackListeners.class);

    private final @Nullable ObjectProvider<FallbackListener> provider;
    private volatile @Nullable List<FallbackListener> listeners;

    FallbackListeners(@Nullable ObjectProvider<FallbackListener> provider) {
        this.provider = provider;
    }

    void fallbackRan(Breaker breaker, Throwable cause, boolean succeeded) {
        for (FallbackListener listener : listeners()) {
            try {
                listener.onFallback(breaker, cause, succeeded);
            } catch (Throwable ex) {
                if (ex instanceof VirtualMachineError) {
                    throw ex;
                }
                // A metrics hook must never change what the caller gets back.
                logger.warn("FallbackListener " + listener + " failed for breaker '" + breaker.name() + "'", ex);
            }
        }
    }

    private List<FallbackListener> listeners() {
        List<FallbackListener> resolved = listeners;
        if (resolved == null) {
            resolved = (provider != null) ? provider.orderedStream().toList() : List.of();
            listeners = resolved; // a race resolves twice to equal lists, which is harmless
        }
        return resolved;
    }
}
