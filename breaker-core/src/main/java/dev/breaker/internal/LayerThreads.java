package dev.breaker.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The threads that run calls with a timeout (so the caller can be released at the deadline) and retried
 * asynchronous attempts: one virtual thread per task where the JDK has them (21+), otherwise a cached pool
 * of daemon threads. Found by reflection, because the library is compiled for Java 17.
 */
public final class LayerThreads {

    private LayerThreads() {
    }

    /** The shared executor, created on first use. */
    public static Executor executor() {
        return Holder.EXECUTOR;
    }

    /** Whether tasks run on virtual threads. */
    public static boolean virtual() {
        return Holder.VIRTUAL;
    }

    private static final class Holder {

        static final boolean VIRTUAL;
        static final ExecutorService EXECUTOR;

        static {
            ExecutorService virtual = virtualThreadPerTask();
            VIRTUAL = virtual != null;
            EXECUTOR = (virtual != null) ? virtual : cachedDaemonPool();
        }

        /** {@code Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("breaker-call-", 0).factory())}. */
        private static @Nullable ExecutorService virtualThreadPerTask() {
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> builderType = Class.forName("java.lang.Thread$Builder");
                Object builder = lookup.findStatic(Thread.class, "ofVirtual",
                        MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
                MethodHandle name = lookup.findVirtual(builderType, "name",
                        MethodType.methodType(builderType, String.class, long.class));
                builder = name.invoke(builder, "breaker-call-", 0L);
                ThreadFactory factory = (ThreadFactory) lookup.findVirtual(builderType, "factory",
                        MethodType.methodType(ThreadFactory.class)).invoke(builder);
                return (ExecutorService) lookup.findStatic(java.util.concurrent.Executors.class,
                        "newThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class, ThreadFactory.class))
                        .invoke(factory);
            } catch (Throwable notAvailable) {
                return null;
            }
        }

        private static ExecutorService cachedDaemonPool() {
            AtomicLong count = new AtomicLong();
            return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    task -> {
                        Thread thread = new Thread(task, "breaker-call-" + count.getAndIncrement());
                        thread.setDaemon(true);
                        return thread;
                    });
        }
    }
}
