package dev.breaker.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link System#nanoTime()}, cached: the time source behind {@code BreakerClock.system().recentNanoTime()}.
 *
 * <p>Reading {@code System.nanoTime()} costs 25 to 60 ns on a virtual machine, and a breaker would read it
 * two or three times per call; reading this costs a volatile read. One daemon thread for the whole JVM
 * refreshes the value every millisecond while it is read, so a read lags the true time by up to about a
 * millisecond (more only if the machine starves that thread of CPU). After a second without reads the
 * thread parks until the next read, which then answers {@code System.nanoTime()} itself and wakes it: an idle
 * JVM pays for no wake-ups. The thread never keeps the JVM alive.
 */
public final class Ticker {

    /** How often the value is refreshed while it is read. */
    static final long TICK_NANOS = 1_000_000;
    /** Ticks without a read after which the thread parks: a second. */
    static final int IDLE_TICKS = 1_000;
    /** Marks a parked ticker: the value must not be used. */
    private static final long ASLEEP = Long.MIN_VALUE;

    private static final VarHandle NOW;

    static {
        try {
            NOW = MethodHandles.lookup().findVarHandle(Ticker.class, "now", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long tickNanos;
    private final int idleTicks;
    private final Thread thread;
    private volatile long now = System.nanoTime();
    /** Set by readers, cleared by the ticker: whether the value was read since the last tick. */
    private volatile boolean read = true;

    /** A ticker refreshing every {@code tickNanos} and parking after {@code idleTicks} ticks without reads. */
    Ticker(long tickNanos, int idleTicks, String threadName) {
        this.tickNanos = tickNanos;
        this.idleTicks = idleTicks;
        this.thread = new Thread(this::tick, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** A recent {@link System#nanoTime()}: at most about a millisecond old. */
    public static long recentNanoTime() {
        return Holder.TICKER.read();
    }

    long read() {
        long value = now;
        if (value != ASLEEP) {
            if (!read) {
                read = true; // at most one write per tick: readers mostly only read
            }
            return value;
        }
        return wake();
    }

    private long wake() {
        long value = System.nanoTime();
        if (NOW.compareAndSet(this, ASLEEP, value)) {
            read = true;
            LockSupport.unpark(thread);
        }
        return value;
    }

    private void tick() {
        int idle = 0;
        for (;;) {
            LockSupport.parkNanos(this, tickNanos);
            now = System.nanoTime();
            if (read) {
                read = false;
                idle = 0;
            } else if (++idle >= idleTicks) {
                now = ASLEEP;
                // A reader swaps the marker for a fresh value before unparking: park until one has.
                while (now == ASLEEP) {
                    LockSupport.park(this);
                }
                idle = 0;
            }
        }
    }

    /** Whether the thread has parked for want of readers. */
    boolean asleep() {
        return now == ASLEEP;
    }

    Thread thread() {
        return thread;
    }

    @Override
    public String toString() {
        return "Ticker[" + thread.getName() + (asleep() ? ", asleep]" : "]");
    }

    /** Lazy holder: no thread until the first read. */
    private static final class Holder {
        static final Ticker TICKER = new Ticker(TICK_NANOS, IDLE_TICKS, "breaker-ticker");
    }
}
