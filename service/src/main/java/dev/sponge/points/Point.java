package dev.sponge.points;

/**
 * One stored point.
 *
 * @param ts epoch milliseconds
 * @param value the value
 */
public record Point(long ts, double value) {
}
