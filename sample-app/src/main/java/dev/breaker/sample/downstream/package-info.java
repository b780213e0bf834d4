/**
 * The downstreams the services call, simulated in this application so the sample runs alone, and the chaos
 * control that makes them fail or slow down at runtime. Calls to them still go over real HTTP.
 */
@NullMarked
package dev.breaker.sample.downstream;

import org.jspecify.annotations.NullMarked;
