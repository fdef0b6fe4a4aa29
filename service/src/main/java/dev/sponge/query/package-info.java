/**
 * Queries: raw and downsampled (step buckets, streaming aggregation) point ranges with
 * cursor paging, and latest values ({@code /api/v1/points}, {@code /api/v1/latest}).
 */
package dev.sponge.query;
