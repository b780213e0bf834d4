package dev.breaker.reactor;

import dev.breaker.Breaker;
import dev.breaker.BreakerClock;
import dev.breaker.BreakerConfig;
import dev.breaker.CallNotPermittedException;
import dev.breaker.CallTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * A Mono under a breaker alone (a guard without layers): each subscription asks the breaker for a permit and
 * reports exactly one outcome on it, as {@link GuardedPublishers#mono} with layers does through an
 * {@link dev.breaker.Attempt}. One operator and one subscriber per subscription, which is also the
 * {@link Subscription} passed down: nothing else is allocated, whatever the source.
 *
 * <p>A value is reported (and checked by the result predicate) before it goes downstream, an empty completion as
 * a success, an error as a failure (an {@link InterruptedException} gives the permit back), a cancellation gives
 * the permit back; whichever comes first, once. A rejected subscription fails with {@link CallNotPermittedException}
 * without subscribing to the source.
 */
final class BreakerMono<T> extends MonoOperator<T, T> {

    /** The smallest slow-call threshold against which calls are timed with the clock's recent time. */
    static final Duration RECENT_TIMING_MIN_THRESHOLD = Duration.ofMillis(100);

    private final Breaker breaker;

    private BreakerMono(Mono<? extends T> source, Breaker breaker) {
        super(source);
        this.breaker = breaker;
    }

    /** {@code source} under {@code breaker}, through Reactor's assembly hooks as its own operators are. */
    static <T> Mono<T> of(Mono<? extends T> source, Breaker breaker) {
        return onAssembly(new BreakerMono<>(source, breaker));
    }

    @Override
    public void subscribe(CoreSubscriber<? super T> actual) {
        Breaker.Permit permit;
        try {
            permit = breaker.acquirePermit();
        } catch (CallNotPermittedException rejected) {
            Operators.error(actual, rejected);
            return;
        }
        BreakerConfig config = breaker.config();
        // Timed as the breaker times its own calls (see BreakerClock.recentNanoTime): with the clock's recent time
        // against a slow-call threshold of 100 ms or more, where its lag of about a millisecond is at most 1%.
        boolean recent = config.slowCallDurationThreshold().compareTo(RECENT_TIMING_MIN_THRESHOLD) >= 0;
        source.subscribe(new PermitSubscriber<>(actual, permit, config.clock(), recent));
    }

    /** Reports one subscription's outcome on its permit, once, and passes every signal on. */
    static final class PermitSubscriber<T> implements CoreSubscriber<T>, Subscription {

        @SuppressWarnings("rawtypes") // a field updater of a generic class takes its raw type
        private static final AtomicIntegerFieldUpdater<PermitSubscriber> FLAGS =
                AtomicIntegerFieldUpdater.newUpdater(PermitSubscriber.class, "flags");
        /** In {@link #flags}: an outcome was reported. The only bit that changes after construction. */
        private static final int ENDED = 1;
        /** In {@link #flags}: timed with the clock's recent time (one int with ENDED keeps the object 40 bytes). */
        private static final int RECENT = 2;

        private final CoreSubscriber<? super T> actual;
        private final Breaker.Permit permit;
        private final BreakerClock clock;
        private final long start;
        private @Nullable Subscription upstream;
        private volatile int flags;

        PermitSubscriber(CoreSubscriber<? super T> actual, Breaker.Permit permit, BreakerClock clock,
                boolean recent) {
            this.actual = actual;
            this.permit = permit;
            this.clock = clock;
            FLAGS.lazySet(this, recent ? RECENT : 0); // no fence: the subscriber is published by onSubscribe
            this.start = now();
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            if (Operators.validate(upstream, subscription)) {
                upstream = subscription;
                actual.onSubscribe(this);
            }
        }

        @Override
        public void onNext(T value) {
            if (end()) {
                permit.onResult(elapsed(), value);
            }
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            if (end()) {
                long nanos = elapsed();
                if (error instanceof InterruptedException) {
                    permit.release();
                } else if (error instanceof CallTimeoutException timedOut) {
                    permit.onError(Math.max(nanos, timedOut.timeout().toNanos() + 1), error);
                } else {
                    permit.onError(nanos, error);
                }
            }
            actual.onError(error);
        }

        @Override
        public void onComplete() {
            if (end()) {
                permit.onSuccess(elapsed()); // an empty Mono
            }
            actual.onComplete();
        }

        @Override
        public void request(long n) {
            Subscription subscription = upstream;
            if (subscription != null) {
                subscription.request(n);
            }
        }

        @Override
        public void cancel() {
            if (end()) {
                permit.release();
            }
            Subscription subscription = upstream;
            if (subscription != null) {
                subscription.cancel();
            }
        }

        /** Whether this is the first outcome: only that one is reported. */
        private boolean end() {
            int current = flags;
            return (current & ENDED) == 0 && FLAGS.compareAndSet(this, current, current | ENDED);
        }

        private long now() {
            return ((flags & RECENT) != 0) ? clock.recentNanoTime() : clock.nanoTime();
        }

        /** Never negative: recent times may be slightly out of order between threads. */
        private long elapsed() {
            return Math.max(0, now() - start);
        }
    }
}
