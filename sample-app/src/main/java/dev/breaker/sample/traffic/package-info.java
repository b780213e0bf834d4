/**
 * A built-in traffic driver, {@code POST /traffic}, so that breakers can be watched opening and closing with
 * nothing but curl, the same on every machine.
 */
@NullMarked
package dev.breaker.sample.traffic;

import org.jspecify.annotations.NullMarked;
