/**
 * API documentation: the OpenAPI 3 description generated from the controllers
 * ({@code /v3/api-docs}) with the bearer scheme and the problem responses.
 */
package dev.sponge.apidoc;
