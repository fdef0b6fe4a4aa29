package dev.sponge.promapi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.responses.ApiResponses;

/**
 * The answers of a query endpoint, in Prometheus' envelope, for the OpenAPI description.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ApiResponses({ @ApiResponse(responseCode = "400", description = "bad_data: the query or a parameter is not valid",
		content = @Content(mediaType = "application/json", examples = @ExampleObject(
				value = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error: unexpected end of input\"}"))),
		@ApiResponse(responseCode = "422",
				description = "execution: valid PromQL Sponge does not evaluate, or beyond a query limit",
				content = @Content(mediaType = "application/json", examples = @ExampleObject(
						value = "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"the function holt_winters() is not supported by Sponge\"}"))),
		@ApiResponse(responseCode = "429",
				description = "unavailable: the tenant has its most concurrent queries in progress; Retry-After",
				content = @Content(mediaType = "application/json", examples = @ExampleObject(
						value = "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"The tenant already has 16 queries in progress\"}"))),
		@ApiResponse(responseCode = "503",
				description = "unavailable: Cassandra unavailable or the query deadline passed; Retry-After",
				content = @Content(mediaType = "application/json", examples = @ExampleObject(
						value = "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"the storage is unavailable or overloaded; retry later\"}"))) })
@interface PromErrorResponses {

}
