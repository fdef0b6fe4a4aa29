/**
 * Tenants: who owns data, taken from the caller's token and handed to controllers as
 * {@link dev.sponge.tenancy.Tenant}.
 */
package dev.sponge.tenancy;
