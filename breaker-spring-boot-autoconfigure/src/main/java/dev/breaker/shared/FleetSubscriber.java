package dev.breaker.shared;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The subscription to the channel on which {@link RedisScripts#WRITE} announces each accepted write as
 * {@code version\nname}. Made once, when the first shared breaker needs it (an application with none never
 * subscribes); one that failed (Redis down at startup) or was lost is made again at the next reconcile.
 *
 * <p>Subscribing waits for Redis (to connect, then up to {@code timeout} to confirm), and a Redis that hangs
 * rather than refusing connections keeps it waiting as long as the connection factory allows. Only startup
 * waits for it; later attempts run on a thread of their own, one at a time, so that the sync thread never
 * does.
 */
final class FleetSubscriber {

    /** Hears announcements, on the listener container's thread. */
    @FunctionalInterface
    interface Announcements {

        void announced(long version, String breakerName);
    }

    private final RedisConnectionFactory connections;
    private final SharedStateSettings settings;
    private final Announcements announcements;
    private final Consumer<RuntimeException> failed;
    private volatile @Nullable RedisMessageListenerContainer listener;
    private volatile boolean destroyed;
    /** Guards setting {@link #listener} against {@link #destroy()}, which must not wait for a whole attempt. */
    private final Object assignment = new Object();
    private final AtomicBoolean attempting = new AtomicBoolean();
    private final ExecutorService background = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "breaker-fleet-subscribe");
        thread.setDaemon(true);
        return thread;
    });

    /** @param failed told when subscribing fails, on the thread that tried (startup's, or the background one) */
    FleetSubscriber(RedisConnectionFactory connections, SharedStateSettings settings, Announcements announcements,
            Consumer<RuntimeException> failed) {
        this.connections = connections;
        this.settings = settings;
        this.announcements = announcements;
        this.failed = failed;
    }

    /**
     * Subscribes, unless already subscribed. Waits for Redis: to connect (as long as the connection factory
     * allows), then up to {@code timeout} for the subscription to be confirmed.
     */
    synchronized void listen() {
        if (listener != null || destroyed) {
            return;
        }
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.setRecoveryInterval(settings.reconcileInterval().toMillis());
        container.setMaxSubscriptionRegistrationWaitingTime(settings.timeout().toMillis());
        container.addMessageListener((message, pattern) -> received(new String(message.getBody(),
                StandardCharsets.UTF_8)), new ChannelTopic(settings.channel()));
        container.afterPropertiesSet();
        try {
            container.start();
        } catch (RuntimeException unavailable) {
            failed.accept(unavailable);
            destroyQuietly(container);
            return;
        }
        synchronized (assignment) {
            if (destroyed) {
                destroyQuietly(container);
                return;
            }
            listener = container;
        }
    }

    /** {@link #listen()} in the background, unless subscribed or already trying; returns at once. */
    void listenInBackground() {
        if (listener == null) {
            inBackground(this::listen);
        }
    }

    /**
     * In the background, unless already trying: drops a subscription that is neither listening nor recovering
     * by itself, then {@link #listen()}s. Returns at once.
     */
    void resubscribeIfLost() {
        inBackground(() -> {
            synchronized (this) {
                RedisMessageListenerContainer current = listener;
                if (current != null && !current.isListening() && !current.isRunning()) {
                    listener = null;
                    destroyQuietly(current);
                }
                listen();
            }
        });
    }

    private void inBackground(Runnable attempt) {
        if (!attempting.compareAndSet(false, true)) {
            return;
        }
        try {
            background.execute(() -> {
                try {
                    attempt.run();
                } finally {
                    attempting.set(false);
                }
            });
        } catch (RejectedExecutionException closing) {
            attempting.set(false);
        }
    }

    void stop() {
        RedisMessageListenerContainer current = listener;
        if (current != null) {
            current.stop();
        }
    }

    /**
     * Ends the subscription. An attempt under way is not interrupted (the listener container would log it as an
     * error): it ends its own subscription, and is given up to {@code timeout} to do so, so that it gives its
     * connection back before the application closes the connection factory, but no longer.
     */
    void destroy() throws Exception {
        destroyed = true;
        background.shutdown();
        background.awaitTermination(settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        RedisMessageListenerContainer current;
        synchronized (assignment) {
            current = listener;
            listener = null;
        }
        if (current != null) {
            current.destroy();
        }
    }

    /** One announcement, {@code version\nname}; anything else on the channel is not ours. */
    private void received(String message) {
        int newline = message.indexOf('\n');
        if (newline < 0) {
            return;
        }
        long version;
        try {
            version = Long.parseLong(message.substring(0, newline));
        } catch (NumberFormatException notOurs) {
            return;
        }
        announcements.announced(version, message.substring(newline + 1));
    }

    private static void destroyQuietly(RedisMessageListenerContainer container) {
        try {
            container.destroy();
        } catch (Exception ignored) {
            // Nothing was subscribed.
        }
    }
}
