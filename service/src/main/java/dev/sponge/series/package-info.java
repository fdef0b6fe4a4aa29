/**
 * Series: identity (metric + tags), naming rules, the catalogue of series and metrics,
 * the per-series day index, discovery endpoints and series deletes. A delete removes the
 * series' points through {@link dev.sponge.series.SeriesDataDeletion}, which point
 * storage implements, so this package does not depend on point storage.
 */
package dev.sponge.series;
