package dev.breaker.aop;

import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;

/**
 * The plans of the methods proxies have called, by invoked {@link Method} and target class compared by identity:
 * what each call reads. A proxy hands its advice the same {@code Method} object on every call of a method (CGLIB
 * and JDK proxies keep one per method in a static field), so after the first call of a method on a target class
 * the plan is one read of an open-addressing table, without {@code Method.hashCode}/{@code equals}. Written on a
 * call not seen before, by copying the table (rare: once per method and target class); never more than
 * {@value #MAX_ENTRIES} entries, so a caller that makes a new {@code Method} for each call is served by
 * {@link MethodPlans} as before, without growing the table.
 */
final class CalledPlans {

    /** Enough for every protected method of a large application; past it, lookups take the slower path. */
    static final int MAX_ENTRIES = 4096;

    private final MethodPlans plans;
    private volatile @Nullable Entry[] table = new Entry[16];
    private int size; // guarded by this

    CalledPlans(MethodPlans plans) {
        this.plans = plans;
    }

    /** The plan of {@code method} called on a {@code targetClass}, or {@code null} if it is not protected. */
    @Nullable MethodPlan planFor(Method method, @Nullable Class<?> targetClass) {
        @Nullable Entry[] entries = table;
        int mask = entries.length - 1;
        for (int i = index(method, targetClass, mask); ; i = (i + 1) & mask) {
            Entry entry = entries[i];
            if (entry == null) {
                return learn(method, targetClass);
            }
            if (entry.method == method && entry.targetClass == targetClass) {
                return entry.plan;
            }
        }
    }

    /** Asks {@link MethodPlans} (which may fail, storing nothing) and keeps the answer for the next call. */
    private @Nullable MethodPlan learn(Method method, @Nullable Class<?> targetClass) {
        MethodPlan plan = plans.planFor(method, targetClass);
        synchronized (this) {
            if (size < MAX_ENTRIES && !contains(method, targetClass)) {
                @Nullable Entry[] entries = table;
                if ((size + 1) * 2 > entries.length) {
                    entries = rehashed(entries, entries.length * 2);
                } else {
                    entries = entries.clone();
                }
                put(entries, new Entry(method, targetClass, plan));
                size++;
                table = entries;
            }
        }
        return plan;
    }

    /** How many method and class pairs the table holds. */
    synchronized int size() {
        return size;
    }

    private boolean contains(Method method, @Nullable Class<?> targetClass) {
        @Nullable Entry[] entries = table;
        int mask = entries.length - 1;
        for (int i = index(method, targetClass, mask); ; i = (i + 1) & mask) {
            Entry entry = entries[i];
            if (entry == null) {
                return false;
            }
            if (entry.method == method && entry.targetClass == targetClass) {
                return true;
            }
        }
    }

    private static @Nullable Entry[] rehashed(@Nullable Entry[] entries, int length) {
        @Nullable Entry[] bigger = new Entry[length];
        for (Entry entry : entries) {
            if (entry != null) {
                put(bigger, entry);
            }
        }
        return bigger;
    }

    private static void put(@Nullable Entry[] entries, Entry entry) {
        int mask = entries.length - 1;
        int i = index(entry.method, entry.targetClass, mask);
        while (entries[i] != null) {
            i = (i + 1) & mask;
        }
        entries[i] = entry;
    }

    private static int index(Method method, @Nullable Class<?> targetClass, int mask) {
        int hash = System.identityHashCode(method) * 31 + System.identityHashCode(targetClass);
        return (hash ^ (hash >>> 16)) & mask;
    }

    /** One invoked method on one target class, and its plan ({@code null}: not protected). */
    private static final class Entry {

        final Method method;
        final @Nullable Class<?> targetClass;
        final @Nullable MethodPlan plan;

        Entry(Method method, @Nullable Class<?> targetClass, @Nullable MethodPlan plan) {
            this.method = method;
            this.targetClass = targetClass;
            this.plan = plan;
        }
    }
}
