/**
 * Series: identity (metric + tags), naming rules, the catalogue of series and metrics,
 * the per-series day index, discovery endpoints and series deletes.
 */
package dev.sponge.series;
