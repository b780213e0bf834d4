package dev.breaker.shared;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What is announced on a channel from now on, as any instance hears it. */
final class Announcements implements AutoCloseable {

    /** The messages, in the order Redis delivered them. */
    final List<String> received = new CopyOnWriteArrayList<>();
    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> connection;

    /** Subscribes to {@code channel}, and returns once Redis has confirmed it. */
    Announcements(int port, String channel) {
        client = RedisClient.create("redis://127.0.0.1:" + port);
        connection = client.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String on, String message) {
                received.add(message);
            }
        });
        connection.sync().subscribe(channel);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
