/** Opaque page cursors shared by the paged endpoints. */
package dev.sponge.paging;
