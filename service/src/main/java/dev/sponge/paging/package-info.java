/**
 * Paging shared by the paged endpoints: opaque page cursors and the page-size limits
 * ({@link dev.sponge.paging.PageLimits}).
 */
package dev.sponge.paging;
