/**
 * Cross-cutting wiring that belongs to no single feature: the clock.
 */
package dev.sponge.config;
