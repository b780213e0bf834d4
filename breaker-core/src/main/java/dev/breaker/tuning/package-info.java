/**
 * Choosing settings on evidence: shadow experiments that judge candidate settings against a live breaker's
 * own calls ({@link dev.breaker.tuning.Experiments}), a bounded recording of those calls
 * ({@link dev.breaker.tuning.Recording}) and a replayer that runs a recording through any settings on a
 * manual clock ({@link dev.breaker.tuning.Replayer}, and {@link dev.breaker.tuning.ReplayCommand} from the
 * command line). Both give the same {@link dev.breaker.tuning.ExperimentReport}.
 */
@NullMarked
package dev.breaker.tuning;

import org.jspecify.annotations.NullMarked;
