/**
 * Rollups: per-series minute and hour summaries (count, sum, min, max, first, last) kept
 * up to date as points are written, so long downsampled queries read one row per minute
 * or hour instead of every point.
 */
package dev.sponge.rollups;
