package dev.breaker.shared;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The subscription to the channel on which {@link RedisScripts#WRITE} announces each accepted write as
 * {@code version\nname}. Made once, when the first shared breaker needs it (an application with none never
 * subscribes); one that failed (Redis down at startup) or was lost is made again at the next reconcile.
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

    /** @param failed told when subscribing fails, on the thread that tried */
    FleetSubscriber(RedisConnectionFactory connections, SharedStateSettings settings, Announcements announcements,
            Consumer<RuntimeException> failed) {
        this.connections = connections;
        this.settings = settings;
        this.announcements = announcements;
        this.failed = failed;
    }

    /** Subscribes, unless already subscribed; waits at most {@code timeout} for Redis to confirm. */
    synchronized void listen() {
        if (listener != null) {
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
        listener = container;
    }

    /** Drops a subscription that is neither listening nor recovering by itself, then {@link #listen()}s. */
    synchronized void resubscribeIfLost() {
        RedisMessageListenerContainer current = listener;
        if (current != null && !current.isListening() && !current.isRunning()) {
            listener = null;
            destroyQuietly(current);
        }
        listen();
    }

    void stop() {
        RedisMessageListenerContainer current = listener;
        if (current != null) {
            current.stop();
        }
    }

    void destroy() throws Exception {
        RedisMessageListenerContainer current = listener;
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
