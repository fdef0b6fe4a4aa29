/**
 * Cross-cutting wiring that belongs to no single capability: the clock every
 * time-dependent class takes its time from.
 */
package dev.sponge.config;
