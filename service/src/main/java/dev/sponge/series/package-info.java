/**
 * Series: identity (metric + tags), naming rules, the catalogue of series and metrics,
 * discovery endpoints.
 */
package dev.sponge.series;
