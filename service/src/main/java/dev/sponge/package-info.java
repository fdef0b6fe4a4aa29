/**
 * Sponge service: application entry point; each capability lives in its own sub-package.
 */
package dev.sponge;
