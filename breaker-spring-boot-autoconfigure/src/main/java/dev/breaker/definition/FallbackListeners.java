package dev.breaker.definition;

import dev.breaker.Breaker;
import dev.breaker.FallbackListener;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The {@link FallbackListener} beans, as one listener, resolved once on first use: guards are made for the
 * {@code @CircuitBreaker} advisor, which the auto-proxy creator makes before most beans exist, and a listener
 * (the meter binder) may itself need the guards, so asking for the listeners any earlier could create them too
 * soon or in a cycle. One failing listener is logged and does not keep the others from hearing.
 */
public final class FallbackListeners implements FallbackListener {

    private static final Log logger = LogFactory.getLog(FallbackListeners.class);

    private final @Nullable ObjectProvider<FallbackListener> provider;
    private volatile @Nullable List<FallbackListener> listeners;

    public FallbackListeners(@Nullable ObjectProvider<FallbackListener> provider) {
        this.provider = provider;
    }

    @Override
    public void onFallback(Breaker breaker, Throwable cause, boolean succeeded) {
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
