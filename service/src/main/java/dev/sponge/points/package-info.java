/**
 * Point storage: the day-bucketed points table and the latest-value table, written and
 * read with prepared statements, and the removal of a deleted series' data (offered to
 * series deletes as {@link dev.sponge.series.SeriesDataDeletion}).
 */
package dev.sponge.points;
