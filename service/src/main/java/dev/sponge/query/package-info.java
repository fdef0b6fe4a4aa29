/**
 * Queries: raw and downsampled (step buckets, streaming aggregation, read from rollups
 * where exact, optionally merged per tag value with {@code group_by}) point ranges with
 * cursor paging, and latest values ({@code /api/v1/points}, {@code /api/v1/latest}).
 */
package dev.sponge.query;
