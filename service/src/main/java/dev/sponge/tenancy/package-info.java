/**
 * Tenants: who owns data, taken from the caller's token and handed to controllers as
 * {@link dev.sponge.tenancy.Tenant}. Depends on nothing of security: security configures
 * which claim names the tenant and uses this package to require one.
 */
package dev.sponge.tenancy;
