/**
 * Point storage: the day-bucketed points table and the latest-value table, written and
 * read with prepared statements.
 */
package dev.sponge.points;
